#pragma once

#include <QString>

class QDir;

namespace Care::Core {

// A file name a customer chose (an e-mail attachment's), made safe to offer for saving: only its
// last path component, without control or format characters (a right-to-left override that
// would show "evil\u202Etxt.exe" as "evilexe.txt"), without leading dots (no hidden files, no
// "..") or characters that are path separators or reserved on some file system; its extension
// is kept. An empty or useless name becomes `fallback`.
class SafeFileName
{
public:
    static QString sanitised(const QString &name, const QString &fallback);
    // `name` (already sanitised) or, when the folder holds a file of that name, "name (2).ext",
    // "name (3).ext", …: never an existing file's name.
    static QString freeIn(const QDir &dir, const QString &name);
};

} // namespace Care::Core
