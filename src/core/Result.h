#pragma once

#include "core/Error.h"

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace Care::Core {

// A value or an Error: errors are values in this code base, never exceptions.
template<typename T>
class Result
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return std::get<T>(m_data); }
    T &operator*() & { return std::get<T>(m_data); }
    const T *operator->() const { return &std::get<T>(m_data); }
    T *operator->() { return &std::get<T>(m_data); }

    const Error &error() const { return std::get<Error>(m_data); }
    // For a yes/no question whose failure means "no" (the caller does not proceed on it).
    bool value_or_false() const
    {
        if constexpr (std::is_same_v<T, bool>)
            return ok() && std::get<T>(m_data);
        else
            return false;
    }

private:
    std::variant<T, Error> m_data;
};

// Result for operations that produce nothing but may fail.
class Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace Care::Core
