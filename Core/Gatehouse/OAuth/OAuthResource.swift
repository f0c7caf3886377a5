/// A protected resource tokens may be issued for (RFC 8707, RFC 9728): Gatehouse's own API, whose
/// identifier is the issuer URL and whose tokens carry the configured audience, or a resource the
/// operator configures (an MCP server behind Gatehouse), whose tokens carry its URL as `aud`.
public struct OAuthResource: Sendable, Equatable, Hashable {
    /// The resource identifier in canonical form: lower-case scheme and host, no default port, no
    /// trailing slash after the path, no query or fragment.
    public let uri: String
    /// The scheme and authority, e.g. `https://mcp.example.com`.
    public let origin: String
    /// The path, empty or starting with `/`.
    public let path: String

    /// The resource named by `text`, canonicalised; nil when it is not an absolute `https` URL
    /// (or `http` to a loopback host) without userinfo, query or fragment.
    public init?(canonicalizing text: String) {
        guard text.utf8.count <= 512, !text.contains("#"), !text.contains("?"), !text.contains("@"),
            !text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") })
        else { return nil }
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = String(text[..<colon]).asciiLowercased
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = String(rest[..<authorityEnd]).asciiLowercased
        var path = String(rest[authorityEnd...])
        guard !authority.isEmpty else { return nil }
        if scheme == "https", authority.hasSuffix(":443") { authority.removeLast(4) }
        if scheme == "http", authority.hasSuffix(":80") { authority.removeLast(3) }
        let host =
            authority.hasPrefix("[")
            ? String(authority.prefix { $0 != "]" }) + "]"
            : String(authority.prefix { $0 != ":" })
        switch scheme {
        case "https": break
        case "http" where ["127.0.0.1", "localhost", "[::1]"].contains(host): break
        default: return nil
        }
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.contains("//"), !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
            return nil
        }
        self.origin = scheme + "://" + authority
        self.path = path
        self.uri = origin + path
    }

    /// Where this resource's RFC 9728 metadata is published: the well-known path inserted between
    /// the origin and the path.
    public var metadataURL: String { origin + "/.well-known/oauth-protected-resource" + path }
}

extension Configuration {
    /// Gatehouse's own API as a protected resource: identified by the issuer URL.
    public var ownResource: OAuthResource { OAuthResource(canonicalizing: issuer)! }

    /// The resource a request names (`resource`, RFC 8707) after canonicalisation, if it is
    /// Gatehouse's own API or a configured one; nil for any other (`invalid_target`).
    public func knownResource(_ text: String) -> OAuthResource? {
        guard let resource = OAuthResource(canonicalizing: text) else { return nil }
        return resource == ownResource || oauth.resources.contains(resource) ? resource : nil
    }

    /// The `aud` of an access token issued for a resource: the configured audience for Gatehouse's
    /// own API, the resource identifier for any other.
    public func audience(for resource: OAuthResource?) -> String {
        guard let resource, resource != ownResource else { return audience }
        return resource.uri
    }
}
