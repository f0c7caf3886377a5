/// How OTP codes are delivered, read from `GATEHOUSE_OTP_SENDER` and the variables of the chosen
/// sender (SPEC §4, §9). Every secret may come from a `…_FILE`.
public enum OTPSenderConfiguration: Sendable, Equatable {
    /// A JSON `POST` to `url`, signed with Standard Webhooks headers under `secret` (the bytes of a
    /// `whsec_` secret).
    case webhook(url: String, signer: StandardWebhooks, timeoutMilliseconds: Int)
    /// A Twilio-style form `POST` (`To`, `From`, `Body`) to `url` with HTTP basic authentication.
    case form(url: String, username: String, password: String, from: String, timeoutMilliseconds: Int)
    /// Writes the code to the log: local and test mode only.
    case log

    /// The name of the sender, for logs.
    public var name: String {
        switch self {
        case .webhook: "webhook"
        case .form: "twilio"
        case .log: "log"
        }
    }

    /// Reads the sender configuration, or nil when `GATEHOUSE_OTP_SENDER` is unset.
    static func read(_ reader: VariableReader, mode: Configuration.Mode) throws(ConfigurationError) -> Self? {
        let kind = try reader.string("GATEHOUSE_OTP_SENDER", default: "")
        let timeout = try reader.integer("GATEHOUSE_OTP_SENDER_TIMEOUT_MS", default: 5000, range: 100...30_000)
        func url(_ name: String) throws(ConfigurationError) -> String {
            guard let value = try reader.secret(name) else {
                throw ConfigurationError(name, "is required by GATEHOUSE_OTP_SENDER=\(kind)")
            }
            guard let parsed = OutboundURL(value) else {
                throw ConfigurationError(reader.source(name), "must be an http:// or https:// URL")
            }
            guard parsed.isHTTPS || parsed.isLoopback || mode != .production else {
                throw ConfigurationError(reader.source(name), "must be https:// in production (or a loopback address)")
            }
            return value
        }
        func required(_ name: String) throws(ConfigurationError) -> String {
            guard let value = try reader.secret(name) else {
                throw ConfigurationError(name, "is required by GATEHOUSE_OTP_SENDER=\(kind)")
            }
            return value
        }
        switch kind {
        case "":
            return nil
        case "webhook":
            let target = try url("GATEHOUSE_OTP_WEBHOOK_URL")
            let secretText = try required("GATEHOUSE_OTP_WEBHOOK_SECRET")
            guard let signer = StandardWebhooks(secret: secretText) else {
                throw ConfigurationError(
                    reader.source("GATEHOUSE_OTP_WEBHOOK_SECRET"), "must be whsec_ followed by base64 of 24 to 64 bytes"
                )
            }
            return .webhook(url: target, signer: signer, timeoutMilliseconds: timeout)
        case "twilio":
            let target = try url("GATEHOUSE_OTP_TWILIO_URL")
            let username = try required("GATEHOUSE_OTP_TWILIO_ACCOUNT_SID")
            let password = try required("GATEHOUSE_OTP_TWILIO_AUTH_TOKEN")
            let from = try reader.string("GATEHOUSE_OTP_FROM", default: "")
            guard !from.isEmpty else {
                throw ConfigurationError("GATEHOUSE_OTP_FROM", "is required by GATEHOUSE_OTP_SENDER=twilio")
            }
            return .form(url: target, username: username, password: password, from: from, timeoutMilliseconds: timeout)
        case "log":
            guard mode != .production else {
                throw ConfigurationError(
                    "GATEHOUSE_OTP_SENDER",
                    "log writes codes to the log and is refused unless GATEHOUSE_MODE is local or test")
            }
            return .log
        default:
            throw ConfigurationError("GATEHOUSE_OTP_SENDER", "must be webhook, twilio or log")
        }
    }
}
