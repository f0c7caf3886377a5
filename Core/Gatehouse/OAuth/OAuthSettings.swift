/// The `oauth` setting group (OAUTH.md): who may register clients, which protected resources
/// tokens may be issued for, and the lifetimes and limits of the authorization flow.
public struct OAuthSettings: Sendable, Equatable {
    /// Whether `/oauth/register` accepts clients without a credential (`GATEHOUSE_OAUTH_REGISTRATION`).
    public enum Registration: String, Sendable {
        /// Anyone may register (MCP clients cannot hold an initial access token); abuse limits apply.
        case open
        /// Only a tenant member's credential (`keys:manage`) may register; the CLI always may.
        case closed
    }

    /// Open or closed registration.
    public var registration = Registration.open
    /// The protected resources the operator configures (the MCP servers Gatehouse guards), each
    /// in RFC 8707 canonical form (`GATEHOUSE_OAUTH_RESOURCES`). Gatehouse's own API (the issuer
    /// URL) is always a resource too, see ``OAuthResource``.
    public var resources: [OAuthResource] = []
    /// Lifetime of an authorization code in seconds, 60–600 (`GATEHOUSE_OAUTH_CODE_TTL`).
    public var codeLifetimeSeconds: Int64 = 60
    /// Seconds an openly registered client lives until one of its logins completes
    /// (`GATEHOUSE_OAUTH_CLIENT_IDLE_TTL`).
    public var unusedClientLifetimeSeconds: Int64 = 86_400
    /// Registrations accepted per client IP address per hour (`GATEHOUSE_OAUTH_REGISTRATIONS_PER_HOUR`).
    public var registrationsPerHour = 20

    /// Default settings.
    public init() {}

    /// Reads the group's variables.
    static func read(_ reader: VariableReader, issuer: String) throws(ConfigurationError) -> OAuthSettings {
        var settings = OAuthSettings()
        let registration = try reader.string("GATEHOUSE_OAUTH_REGISTRATION", default: "open")
        guard let parsed = Registration(rawValue: registration) else {
            throw ConfigurationError("GATEHOUSE_OAUTH_REGISTRATION", "must be open or closed")
        }
        settings.registration = parsed
        let list = try reader.string("GATEHOUSE_OAUTH_RESOURCES", default: "")
        for item in list.split(separator: ",") {
            let text = item.trimmingASCIIWhitespace()
            guard let resource = OAuthResource(canonicalizing: text), resource.uri != issuer else {
                throw ConfigurationError(
                    "GATEHOUSE_OAUTH_RESOURCES",
                    "must be a comma-separated list of absolute https URLs without fragment or query "
                        + "(http for loopback hosts), other than GATEHOUSE_ISSUER")
            }
            if !settings.resources.contains(resource) { settings.resources.append(resource) }
        }
        settings.codeLifetimeSeconds = Int64(
            try reader.integer("GATEHOUSE_OAUTH_CODE_TTL", default: 60, range: 60...600))
        settings.unusedClientLifetimeSeconds = Int64(
            try reader.integer("GATEHOUSE_OAUTH_CLIENT_IDLE_TTL", default: 86_400, range: 300...2_592_000))
        settings.registrationsPerHour = try reader.integer(
            "GATEHOUSE_OAUTH_REGISTRATIONS_PER_HOUR", default: 20, range: 1...10_000)
        return settings
    }
}
