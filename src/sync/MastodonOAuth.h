#pragma once

#include "core/Error.h"
#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QOAuth2AuthorizationCodeFlow;
class QOAuthHttpServerReplyHandler;
class QTimer;

namespace Care::Sync {

// What a Mastodon instance answered when Care Console registered itself there
// (POST /api/v1/apps). The caller keeps it per instance and redirect URI and passes it back to
// the next sign-in, so that the app is registered once. clientSecret is a secret: keep it where
// tokens are kept (SecretStore), not in plain settings, and never log it.
struct MastodonAppRegistration
{
    QString instance; // the instance's origin, e.g. "https://social.example"
    QString clientId;
    QString clientSecret;
    QString redirectUri; // e.g. "http://127.0.0.1:53682/"

    bool isValid() const;
    // True when this registration was made for `instance` (any form connectMastodonAccount
    // accepts, e.g. "social.example") and exactly this redirect URI.
    bool matches(const QString &instance, const QString &redirectUri) const;
    QJsonObject toJson() const; // instance, client_id, client_secret, redirect_uri
    static MastodonAppRegistration fromJson(const QJsonObject &json); // !isValid() when a member is missing
};

struct MastodonSignInOptions
{
    // The loopback port the browser is sent back to (http://127.0.0.1:PORT/). It is part of
    // the app registration, so keep it fixed; 0 takes any free port (the registration then
    // cannot be reused by a later sign-in).
    quint16 port = 53682;
    int timeoutMs = 5 * 60 * 1000; // the whole sign-in, the person's time in the browser included
    int requestTimeoutMs = 30 * 1000; // each request Care Console itself sends to the instance
    QString website; // optional; the instance may show it on its authorization page
};

// Signs in to a Mastodon instance in the browser (OAuth 2 authorization code flow with PKCE)
// and returns the account's access token; store it with connectMastodonAccount().
//
//  1. listens on http://127.0.0.1:PORT/ (QOAuthHttpServerReplyHandler; a clear error when the
//     port is in use);
//  2. reads /.well-known/oauth-authorization-server (Mastodon 4.3+; on a 404 or a non-JSON
//     answer, /oauth/authorize and /oauth/token are used, as older servers have them);
//  3. registers the app (POST /api/v1/apps, client_name "Care Console", the loopback redirect
//     URI and scopes()) unless the known registration matches the instance and redirect URI,
//     and emits registered() for the caller to keep;
//  4. hands the authorization URL (code_challenge, code_challenge_method=S256, state) to the
//     openBrowser callback, waits for the browser to come back with a code (checking state),
//     and exchanges it (with client_secret and code_verifier) at the token endpoint.
//
// Every outcome arrives asynchronously, exactly once per start(): granted(token) or
// failed(error). Nothing is logged that contains the token, the code, the client secret or the
// PKCE verifier. The object lives on the thread that created it; the openBrowser callback is
// called there too.
class MastodonOAuth : public QObject
{
    Q_OBJECT

public:
    enum class Stage {
        Idle, // not started, or finished (granted, failed or cancelled)
        Discovering, // reading the instance's OAuth metadata
        Registering, // POST /api/v1/apps
        WaitingForBrowser, // the authorization URL is out; waiting for the redirect to the loopback
        ExchangingCode, // POST to the token endpoint
    };
    Q_ENUM(Stage)

    static constexpr quint16 DefaultPort = 53682;
    // The scopes Care Console asks for, space-separated as OAuth wants them.
    static QString scopes();

    explicit MastodonOAuth(QObject *parent = nullptr);
    ~MastodonOAuth() override;

    void setOptions(const MastodonSignInOptions &options) { m_options = options; } // before start()
    const MastodonSignInOptions &options() const { return m_options; }
    // Opens the authorization URL: the GUI passes QDesktopServices::openUrl, the CLI prints it.
    // Required.
    void setOpenBrowser(std::function<void(const QUrl &)> openBrowser) { m_openBrowser = std::move(openBrowser); }

    // Starts a sign-in to `instance` ("social.example" or "https://social.example"; http only
    // on loopback). `known` is reused when it matches the instance and the redirect URI.
    // Ignored while a sign-in is running.
    void start(const QString &instance, const MastodonAppRegistration &known = {});
    // Stops the sign-in and frees the port; emits nothing.
    void cancel();

    Stage stage() const { return m_stage; }
    bool isRunning() const { return m_stage != Stage::Idle; }
    // The registration in use (the known one or the new one); invalid before it is known.
    MastodonAppRegistration registration() const { return m_registration; }
    // The loopback redirect URI; empty before start() listens.
    QString redirectUri() const { return m_redirectUri; }

    // Blocking convenience for the CLI and the sync thread: runs a sign-in on a local event
    // loop until it ends (at the latest after options.timeoutMs). `registration` is in and
    // out: a matching one is reused; a new one is written back as soon as the instance issued
    // it (also when a later step fails), so the caller can keep it either way.
    static Core::Result<QString> signIn(const QString &instance, MastodonAppRegistration &registration,
        std::function<void(const QUrl &)> openBrowser, const MastodonSignInOptions &options = {});

Q_SIGNALS:
    void stageChanged(Care::Sync::MastodonOAuth::Stage stage);
    // A new registration; keep it (with the secrets) and pass it back next time.
    void registered(const Care::Sync::MastodonAppRegistration &registration);
    void granted(const QString &accessToken);
    void failed(const Care::Core::Error &error);

private:
    void setStage(Stage stage);
    void discover();
    void onDiscovery(QNetworkReply *reply);
    void registerApp();
    void onRegistration(QNetworkReply *reply);
    void authorize();
    void onCallback(const QVariantMap &values);
    void onNetworkReply(QNetworkReply *reply);
    void onGranted();
    void fail(Core::Error error);
    void finish();
    QNetworkReply *send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {});
    Core::Error unreachable(QNetworkReply *reply) const;

    MastodonSignInOptions m_options;
    std::function<void(const QUrl &)> m_openBrowser;
    Stage m_stage = Stage::Idle;
    quint64 m_run = 0; // counts start() calls; stale queued work of an earlier run is dropped

    QUrl m_instance; // origin only
    QString m_service; // the host, as the person knows the instance
    QString m_redirectUri;
    QUrl m_authorizationUrl;
    QUrl m_tokenUrl;
    MastodonAppRegistration m_known;
    MastodonAppRegistration m_registration;
    QByteArray m_verifier; // PKCE code_verifier
    QString m_state;
    bool m_refusing = false; // the browser's answer was refused; the failure is reported shortly

    QNetworkAccessManager *m_network = nullptr;
    QPointer<QOAuthHttpServerReplyHandler> m_handler;
    QPointer<QOAuth2AuthorizationCodeFlow> m_flow;
    QList<QPointer<QNetworkReply>> m_replies; // Care Console's own requests in flight
    QTimer *m_timeout = nullptr;
};

} // namespace Care::Sync

Q_DECLARE_METATYPE(Care::Sync::MastodonAppRegistration)
