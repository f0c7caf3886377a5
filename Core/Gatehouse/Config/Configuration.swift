public import Logging

/// Everything a Gatehouse process is configured with, read once at start-up from `GATEHOUSE_*`
/// variables. Each secret may instead come from a file named by the same variable with `_FILE`.
/// An invalid value is a ``ConfigurationError`` naming the variable, never a half-working process.
public struct Configuration: Sendable {
    /// Where a process runs, which decides what local-only conveniences are allowed.
    public enum Mode: String, Sendable {
        case production, local, test
    }

    /// The `iss` of every token and the base of the discovery documents.
    public var issuer = "http://127.0.0.1:8080"
    /// The `aud` of access tokens.
    public var audience = "gatehouse"
    /// Lifetime of access tokens in seconds.
    public var accessTokenLifetime: Int64 = 3600
    /// The private signing keys; nil for tools that sign nothing (the admin CLI) and for a process
    /// that does not sign (``FunctionDescription/keyUse``: `jwks` reads ``publishedKeys``, `verify`
    /// ``accessTokenVerificationKeys``).
    public var signingKeys: JWKSet? = nil
    /// The signing keys' public keys, read alone by a process that only verifies.
    private(set) var verificationKeyHalves: VerificationKeySet? = nil
    /// The signing keys' public halves, read alone by a process that only publishes them.
    private(set) var publicKeyHalves: PublishedKeySet? = nil
    /// The algorithm access tokens are signed with: ES256 (default), EdDSA or RS256.
    public var accessTokenAlgorithm = JWSAlgorithm.es256
    /// The server secret (HMAC of OTP codes, idempotency encryption), at least 32 bytes.
    public var serverSecret: [UInt8]? = nil
    /// How to reach Redis.
    public var redis = RedisConfiguration.localDefault
    /// The session cookie name.
    public var cookieName = "__Host-gh_session"
    /// Peers whose `X-Forwarded-For` is believed.
    public var trustedProxies: [IPAddressRange] = []
    /// Whether every route but discovery answers 503.
    public var maintenance = false
    /// Whether a read answered without Redis (a JWT-only verify) must fail closed with 503 when its
    /// audit record cannot be written, instead of answering and counting the lost record.
    public var auditRequired = false
    /// The lowest level that is logged.
    public var logLevel = Logger.Level.info
    /// Production, local or test.
    public var mode = Mode.production
    /// An explicit transport, overriding detection: `cgi`, `event`, `lambda`, `watchdog`.
    public var transport: String? = nil
    /// OTP login: limits, phone normalisation and the sender.
    public var otp = OTPSettings(limits: OTPLimits(), defaultCountryCode: "1", sender: nil)
    /// Lifetime of a session (and of the refresh tokens it holds), in seconds.
    public var sessionLifetime: Int64 = 604_800
    /// Seconds during which a rotated refresh token returns the same child again.
    public var refreshGraceSeconds: Int64 = 30
    /// The `kid` of the EdDSA key that signs proofs; nil picks the newest active EdDSA key.
    public var proofKeyID: String? = nil
    /// The external identity providers whose tokens are accepted (`GATEHOUSE_TRUSTED_ISSUERS`).
    public var trustedIssuers = TrustedIssuers.none
    /// OAuth 2.1 authorization: registration, protected resources, code lifetime, limits.
    public var oauth = OAuthSettings()
    /// The setting groups this configuration was read with.
    public private(set) var settings: [SettingGroup] = []

    /// The algorithms `GATEHOUSE_TOKEN_ALG` may name.
    public static let accessTokenAlgorithms: [JWSAlgorithm] = [.es256, .edDSA, .rs256]

    /// Reads every setting group from an environment, without requiring any of them but the
    /// signing keys (when `requireSigningKeys`): for tools and tests that pick what they use.
    public init(environment: [String: String], requireSigningKeys: Bool = true) throws(ConfigurationError) {
        try self.init(environment: environment, settings: SettingGroup.allCases, strict: false)
        if requireSigningKeys && signingKeys == nil { throw Self.missingSigningKeys }
    }

    /// Reads the settings one function uses (``RouteCatalog/functions``) and refuses a missing or
    /// invalid setting that it requires, naming the variable (SPEC §9).
    public init(environment: [String: String], function: FunctionName) throws(ConfigurationError) {
        try self.init(environment: environment, functions: [function])
    }

    /// Reads the settings of several functions, as a process serving all of them needs
    /// (`gatehouse-server`), and refuses whatever any of them would refuse.
    public init(environment: [String: String], functions: [FunctionName]) throws(ConfigurationError) {
        let described = functions.map(RouteCatalog.function)  // once: each is built when asked
        try self.init(
            environment: environment, settings: RouteCatalog.settings(of: described), strict: true,
            keyUse: described.map(\.keyUse).max() ?? .sign)
    }

    /// Reads the given setting groups (``SettingGroup/common`` always); unread groups keep their
    /// defaults, so a bad value in a group nobody reads stops nothing. `strict` requires each
    /// group's required settings. For tools that use a few groups, such as the admin CLI.
    /// `keyUse` below ``FunctionDescription/KeyUse/sign`` reads the signing keys' public keys
    /// (`verify`) or public halves (`publish`) alone, leaving ``signingKeys`` nil.
    public init(
        environment: [String: String], settings: [SettingGroup], strict: Bool,
        keyUse: FunctionDescription.KeyUse = .sign
    ) throws(ConfigurationError) {
        let groups = settings.contains(.common) ? settings : [.common] + settings
        let reader = VariableReader(environment: environment)
        self.settings = groups
        try readCommon(reader)
        if groups.contains(.redis) { try readRedis(reader) }
        if groups.contains(.signingKeys) {
            try readSigningKeys(reader, required: strict, use: keyUse)
        }
        if groups.contains(.serverSecret) { try readServerSecret(reader, required: strict) }
        if groups.contains(.otp) { try readOTP(reader, required: strict) }
        if groups.contains(.sessions) { try readSessions(reader) }
        if groups.contains(.proof) { try readProof(reader, required: strict) }
        if groups.contains(.trustedIssuers) { trustedIssuers = try TrustedIssuers.read(reader, mode: mode) }
        if groups.contains(.oauth) { oauth = try OAuthSettings.read(reader, issuer: issuer) }
    }

    static let missingSigningKeys = ConfigurationError(
        "GATEHOUSE_SIGNING_KEYS",
        "is not set (nor GATEHOUSE_SIGNING_KEYS_FILE); generate one with `gatehouse signing-keys generate`")

    // MARK: Setting groups

    private mutating func readCommon(_ reader: VariableReader) throws(ConfigurationError) {
        issuer = try reader.string("GATEHOUSE_ISSUER", default: "http://127.0.0.1:8080")
        guard issuer.hasPrefix("https://") || issuer.hasPrefix("http://") else {
            throw ConfigurationError("GATEHOUSE_ISSUER", "must be an http(s) URL")
        }
        while issuer.hasSuffix("/") { issuer.removeLast() }
        audience = try reader.string("GATEHOUSE_AUDIENCE", default: "gatehouse")
        accessTokenLifetime = Int64(try reader.integer("GATEHOUSE_TOKEN_TTL", default: 3600, range: 60...86_400))
        cookieName = try reader.string("GATEHOUSE_COOKIE_NAME", default: "__Host-gh_session")
        guard !cookieName.isEmpty, cookieName.utf8.allSatisfy(Self.isCookieNameByte) else {
            throw ConfigurationError("GATEHOUSE_COOKIE_NAME", "must be a cookie-name token")
        }
        trustedProxies = try Self.readTrustedProxies(reader)
        maintenance = try reader.boolean("GATEHOUSE_MAINTENANCE", default: false)
        auditRequired = try reader.boolean("GATEHOUSE_AUDIT_REQUIRED", default: false)
        let level = try reader.string("GATEHOUSE_LOG_LEVEL", default: "info")
        guard let parsedLevel = Logger.Level(rawValue: level.asciiLowercased) else {
            throw ConfigurationError(
                "GATEHOUSE_LOG_LEVEL", "must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsedLevel
        let modeText = try reader.string("GATEHOUSE_MODE", default: "production")
        guard let parsedMode = Mode(rawValue: modeText) else {
            throw ConfigurationError("GATEHOUSE_MODE", "must be production, local or test")
        }
        mode = parsedMode
        let transportText = try reader.string("GATEHOUSE_TRANSPORT", default: "")
        guard ["", "cgi", "event", "lambda", "watchdog"].contains(transportText) else {
            throw ConfigurationError("GATEHOUSE_TRANSPORT", "must be cgi, event, lambda or watchdog")
        }
        transport = transportText.isEmpty ? nil : transportText
    }

    private static func readTrustedProxies(_ reader: VariableReader) throws(ConfigurationError) -> [IPAddressRange] {
        var ranges: [IPAddressRange] = []
        let entries = try reader.string("GATEHOUSE_TRUSTED_PROXIES", default: "").split(separator: ",")
        for (index, entry) in entries.enumerated() {
            guard let range = IPAddressRange(entry.trimmingASCIIWhitespace()) else {
                throw ConfigurationError(
                    "GATEHOUSE_TRUSTED_PROXIES", "entry \(index + 1) is not an IP address or CIDR range")
            }
            ranges.append(range)
        }
        return ranges
    }

    private mutating func readRedis(_ reader: VariableReader) throws(ConfigurationError) {
        let url = try reader.secret("GATEHOUSE_REDIS_URL") ?? "redis://127.0.0.1:6379"
        let connectTimeout = try reader.integer("GATEHOUSE_REDIS_CONNECT_TIMEOUT_MS", default: 250, range: 1...60_000)
        let commandTimeout = try reader.integer("GATEHOUSE_REDIS_COMMAND_TIMEOUT_MS", default: 500, range: 1...60_000)
        let durable = try reader.string("GATEHOUSE_REDIS_DURABLE_WRITES", default: "none")
        guard let durableWrites = RedisConfiguration.DurableWrites(rawValue: durable.asciiLowercased) else {
            throw ConfigurationError("GATEHOUSE_REDIS_DURABLE_WRITES", "must be none or replica")
        }
        do {
            redis = try RedisConfiguration(
                url: url, connectTimeoutMilliseconds: connectTimeout, commandTimeoutMilliseconds: commandTimeout)
        } catch {
            throw ConfigurationError(reader.source("GATEHOUSE_REDIS_URL"), "\(error)")
        }
        redis.durableWrites = durableWrites
        let slotMapFile = try reader.string("GATEHOUSE_REDIS_SLOT_MAP_FILE", default: "")
        guard slotMapFile.isEmpty || slotMapFile.hasPrefix("/") else {
            throw ConfigurationError("GATEHOUSE_REDIS_SLOT_MAP_FILE", "must be an absolute path")
        }
        redis.slotMapFile = slotMapFile.isEmpty ? nil : slotMapFile
    }

    private mutating func readSigningKeys(
        _ reader: VariableReader, required: Bool, use: FunctionDescription.KeyUse
    ) throws(ConfigurationError) {
        if let text = try reader.secret("GATEHOUSE_SIGNING_KEYS") {
            do {
                switch use {
                case .publish: publicKeyHalves = try PublishedKeySet(privateJWKSetJSON: text)
                case .verify: verificationKeyHalves = try VerificationKeySet(privateJWKSetJSON: text)
                case .sign: signingKeys = try JWKSet(privateJWKSetJSON: text)
                }
            } catch {
                throw ConfigurationError(reader.source("GATEHOUSE_SIGNING_KEYS"), "\(error)")
            }
        } else if required {
            throw Self.missingSigningKeys
        }
        let algorithmText = try reader.string("GATEHOUSE_TOKEN_ALG", default: "ES256")
        guard let algorithm = JWSAlgorithm(rawValue: algorithmText), Self.accessTokenAlgorithms.contains(algorithm)
        else { throw ConfigurationError("GATEHOUSE_TOKEN_ALG", "must be ES256, EdDSA or RS256") }
        accessTokenAlgorithm = algorithm
        // Read by every function that verifies tokens, not only by `proof`: a key has one purpose,
        // so the proof key must be left out of the access-token keys everywhere (SPEC §5).
        let kid = try reader.string("GATEHOUSE_PROOF_KEY_ID", default: "")
        proofKeyID = kid.isEmpty ? nil : kid
        let listed: [(kid: String, algorithm: JWSAlgorithm)]
        if let signingKeys {
            listed = signingKeys.keys.map { ($0.kid, $0.algorithm) }
        } else if let verificationKeyHalves {
            listed = verificationKeyHalves.keys.map { ($0.kid, $0.algorithm) }
        } else if let publicKeyHalves {
            listed = publicKeyHalves.keys.map { ($0.kid, $0.algorithm) }
        } else {
            return
        }
        if let proofKeyID {
            guard let key = listed.first(where: { $0.kid == proofKeyID }), key.algorithm == .edDSA else {
                throw ConfigurationError("GATEHOUSE_PROOF_KEY_ID", "names no EdDSA key of GATEHOUSE_SIGNING_KEYS")
            }
        }
        if !listed.contains(where: { $0.algorithm == algorithm && $0.kid != proofKeyID }) {
            throw ConfigurationError(
                reader.source("GATEHOUSE_SIGNING_KEYS"),
                "holds no \(algorithm.rawValue) key for access tokens (GATEHOUSE_TOKEN_ALG; the proof key does not count)")
        }
    }

    private mutating func readServerSecret(_ reader: VariableReader, required: Bool) throws(ConfigurationError) {
        guard let secret = try reader.secret("GATEHOUSE_SERVER_SECRET") else {
            guard !required else {
                throw ConfigurationError(
                    "GATEHOUSE_SERVER_SECRET",
                    "is not set (nor GATEHOUSE_SERVER_SECRET_FILE); it keys OTP codes, refresh tokens and "
                        + "sealed idempotent replays")
            }
            return
        }
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError(reader.source("GATEHOUSE_SERVER_SECRET"), "must be at least 32 bytes")
        }
        serverSecret = Array(secret.utf8)
    }

    private mutating func readOTP(_ reader: VariableReader, required: Bool) throws(ConfigurationError) {
        var limits = OTPLimits()
        limits.codeLifetimeSeconds = try reader.integer("GATEHOUSE_OTP_TTL", default: 600, range: 60...3600)
        let country = try reader.string("GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE", default: "1")
        guard PhoneNumber.isCountryCode(country) else {
            throw ConfigurationError(
                "GATEHOUSE_OTP_DEFAULT_COUNTRY_CODE", "must be a calling code of 1 to 3 digits, e.g. 1 or 91")
        }
        let sender = try OTPSenderConfiguration.read(reader, mode: mode)
        if required && sender == nil {
            throw ConfigurationError("GATEHOUSE_OTP_SENDER", "is required by the otp function: webhook, twilio or log")
        }
        otp = OTPSettings(limits: limits, defaultCountryCode: country, sender: sender)
    }

    private mutating func readSessions(_ reader: VariableReader) throws(ConfigurationError) {
        sessionLifetime = Int64(try reader.integer("GATEHOUSE_SESSION_TTL", default: 604_800, range: 300...31_536_000))
        refreshGraceSeconds = Int64(try reader.integer("GATEHOUSE_REFRESH_GRACE", default: 30, range: 0...300))
    }

    /// The proof key itself is read with the signing keys; here only what signing proofs needs.
    private mutating func readProof(_ reader: VariableReader, required: Bool) throws(ConfigurationError) {
        guard required, proofKeyID == nil else { return }
        if accessTokenAlgorithm == .edDSA {
            throw ConfigurationError(
                "GATEHOUSE_PROOF_KEY_ID",
                "is required when GATEHOUSE_TOKEN_ALG=EdDSA: a key has one purpose, so proofs need an EdDSA key of "
                    + "their own")
        }
        guard signingKeys?.keys.contains(where: { $0.algorithm == .edDSA }) == true else {
            throw ConfigurationError("GATEHOUSE_SIGNING_KEYS", "holds no EdDSA key, which the proof function signs with")
        }
    }

    /// Checks what one function needs beyond what was read, naming the variable that is missing;
    /// for a configuration read with ``init(environment:requireSigningKeys:)``.
    public func validate(forFunction name: FunctionName) throws(ConfigurationError) {
        for group in RouteCatalog.function(name).settings {
            switch group {
            case .signingKeys:
                guard signingKeys != nil else { throw Self.missingSigningKeys }
            case .serverSecret:
                guard serverSecret != nil else {
                    throw ConfigurationError("GATEHOUSE_SERVER_SECRET", "is required by the \(name.rawValue) function")
                }
            case .otp:
                guard otp.sender != nil else {
                    throw ConfigurationError(
                        "GATEHOUSE_OTP_SENDER", "is required by the otp function: webhook, twilio or log")
                }
            case .proof:
                guard signingKeys?.keys.contains(where: { $0.algorithm == .edDSA }) == true else {
                    throw ConfigurationError(
                        "GATEHOUSE_SIGNING_KEYS", "holds no EdDSA key, which the proof function signs with")
                }
            case .common, .redis, .sessions, .trustedIssuers, .oauth:
                break
            }
        }
    }

    private static func isCookieNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
