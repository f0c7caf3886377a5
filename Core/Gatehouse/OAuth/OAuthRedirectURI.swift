/// The redirect-URI rules of OAUTH.md "Clients" (OAuth 2.1 §2.3.1, RFC 8252, RFC 9700 §4.1): what a
/// client may register, and whether a requested `redirect_uri` matches a registered one. Pure.
///
/// Registration accepts `https://` URIs with a host, loopback `http://127.0.0.1`, `http://[::1]`
/// and `http://localhost` (any path), and, for `application_type: native` only, a private-use
/// scheme such as `com.example.app:/cb`. Refused always: `javascript:`, `data:`, `file:` and other
/// dangerous schemes, fragments, userinfo, wildcards, http to any other host, whitespace, control
/// and non-ASCII bytes, backslashes.
///
/// Matching is exact string comparison, except that a loopback redirect matches on any port
/// (RFC 8252 §7.3): `http://localhost/callback` registered, `http://localhost:53123/callback`
/// requested → match. The host must be the same literal and the path and query identical.
public enum OAuthRedirectURI {
    /// The longest redirect URI accepted, in bytes.
    public static let maximumLength = 512
    /// The loopback hosts `http://` may name, exactly as written.
    public static let loopbackHosts = ["127.0.0.1", "[::1]", "localhost"]
    /// Schemes never accepted, whatever the application type.
    static let refusedSchemes: Set<String> = [
        "javascript", "data", "file", "vbscript", "about", "blob", "filesystem", "ftp", "ws", "wss", "mailto",
        "tel", "sms", "http", "https",
    ]

    /// Why `uri` may not be registered by a client of `applicationType`, or nil when it may.
    public static func problem(with uri: String, applicationType: OAuthClient.ApplicationType) -> String? {
        guard !uri.isEmpty, uri.utf8.count <= maximumLength else {
            return "must be 1 to \(maximumLength) bytes"
        }
        guard !uri.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") }) else {
            return "must not hold whitespace, control, non-ASCII characters or backslashes"
        }
        guard !uri.contains("#") else { return "must not have a fragment" }
        guard !uri.contains("*") else { return "must not hold a wildcard" }
        guard let scheme = scheme(of: uri) else { return "must be an absolute URI" }
        let rest = uri.dropFirst(scheme.count + 1)
        switch scheme {
        case "https":
            guard rest.hasPrefix("//"), let authority = authority(of: uri) else { return "must name a host" }
            guard !authority.contains("@") else { return "must not hold userinfo" }
            guard hostAndPortAreWellFormed(authority) else { return "has a malformed host or port" }
            return nil
        case "http":
            guard isLoopback(uri) else {
                return "may use http only for a loopback host (127.0.0.1, [::1], localhost)"
            }
            return nil
        default:
            guard !refusedSchemes.contains(scheme) else { return "uses a refused scheme (\(scheme):)" }
            guard applicationType == .native else {
                return "may use a private-use scheme only for application_type native"
            }
            guard !rest.isEmpty, !rest.hasPrefix("//") || authority(of: uri).map({ !$0.contains("@") }) == true else {
                return "must not hold userinfo"
            }
            return rest.isEmpty ? "has nothing after the scheme" : nil
        }
    }

    /// Whether the requested `redirect_uri` matches the registered one: the same string, or two
    /// loopback `http://` URIs with the same host literal, path and query on any ports.
    public static func matches(registered: String, requested: String) -> Bool {
        // Byte comparison: String's == is Unicode-aware ("\u{212A}" == "K").
        if registered.utf8.elementsEqual(requested.utf8) { return true }
        guard let mine = loopbackParts(registered), let theirs = loopbackParts(requested) else { return false }
        return mine.host == theirs.host && mine.rest.utf8.elementsEqual(theirs.rest.utf8)
    }

    /// Whether `uri` is a loopback `http://` URI (an optional numeric port, no userinfo or fragment).
    public static func isLoopback(_ uri: String) -> Bool { loopbackParts(uri) != nil }

    /// The host literal and everything after the authority of a loopback `http://` URI; nil for
    /// any other URI.
    static func loopbackParts(_ uri: String) -> (host: String, rest: Substring)? {
        guard uri.hasPrefix("http://"), !uri.contains("#"), !uri.contains("\\"),
            !uri.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F })
        else { return nil }
        let afterScheme = uri.dropFirst(7)
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let host = loopbackHosts.first(where: { authority.hasPrefix($0) }) else { return nil }
        let port = authority.dropFirst(host.count)
        if !port.isEmpty {
            guard port.first == ":", let number = Int(port.dropFirst()), port.count >= 2, port.count <= 6,
                port.dropFirst().allSatisfy(\.isASCIIDigit), (1...65_535).contains(number)
            else { return nil }
        }
        return (host, afterScheme[authorityEnd...])
    }

    /// The lower-case scheme of an absolute URI; nil when there is none (RFC 3986 §3.1).
    static func scheme(of uri: String) -> String? {
        guard let colon = uri.firstIndex(of: ":") else { return nil }
        let scheme = uri[..<colon]
        guard let first = scheme.first, first.isASCIILetter,
            scheme.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "+" || $0 == "-" || $0 == "." })
        else { return nil }
        return String(scheme).asciiLowercased
    }

    /// The authority of a `scheme://authority…` URI; nil when it is empty.
    static func authority(of uri: String) -> Substring? {
        guard let start = uri.firstRange(of: "://")?.upperBound else { return nil }
        let rest = uri[start...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        return rest[..<end].isEmpty ? nil : rest[..<end]
    }

    /// Whether an authority without userinfo is `host[:port]` with a plausible host: letters,
    /// digits, `-` and `.` (or a bracketed IPv6 literal), and a numeric port.
    static func hostAndPortAreWellFormed(_ authority: Substring) -> Bool {
        var host = authority
        var port: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            host = authority[...close]
            port = authority[authority.index(after: close)...]
            guard host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return false
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                port = authority[colon...]
            }
            guard !host.isEmpty, !host.hasPrefix("."), !host.hasPrefix("-"),
                host.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "." })
            else { return false }
        }
        guard !port.isEmpty else { return true }
        guard port.first == ":", port.count >= 2, port.count <= 6, port.dropFirst().allSatisfy(\.isASCIIDigit),
            let number = Int(port.dropFirst()), (1...65_535).contains(number)
        else { return false }
        return true
    }
}

extension OAuthClient {
    /// The redirect URI an authorization request uses: the requested one when it matches a
    /// registered one (the requested string, so a loopback port is kept); the only registered one
    /// when none is requested; nil otherwise (an error page, never a redirect).
    public func redirectURI(for requested: String?) -> String? {
        guard let requested else { return redirectURIs.count == 1 ? redirectURIs[0] : nil }
        return redirectURIs.contains { OAuthRedirectURI.matches(registered: $0, requested: requested) }
            ? requested : nil
    }
}

extension Character {
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
