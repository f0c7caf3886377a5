/// Fetches an external issuer's JWK Set over libcurl, with the guards a URL from configuration
/// still needs on a request path (SPEC §5): `https` only (local and test mode also allow `http` to
/// a loopback host), no redirect followed, at most 64 KiB, 2 s in all, and no connection to a
/// private, loopback, link-local or otherwise non-public address (checked on the address libcurl
/// is about to connect to, so DNS cannot rebind past it; local and test mode allow loopback).
public enum JWKSFetcher {
    /// What a successful fetch brought.
    public struct Document: Sendable, Equatable {
        /// The response body, a JWK Set.
        public var body: [UInt8]
        /// How long it may be used, in seconds (from `Cache-Control`, see ``lifetime(cacheControl:)``).
        public var lifetimeSeconds: Int64
    }

    /// Why a fetch brought nothing usable. The description names the failure, never the body.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What went wrong.
        public let description: String

        /// A failure described by `description`.
        public init(description: String) { self.description = description }
    }

    /// The limit for a whole fetch (connecting: 1 s of it).
    public static let timeoutMilliseconds = 2_000
    /// The largest body accepted.
    public static let maximumBodySize = 64 * 1024
    /// The lifetime of a document whose response has no usable `max-age`.
    public static let defaultLifetimeSeconds: Int64 = 600
    /// Lifetimes are kept within these bounds: never less than the one-minute refetch budget, never
    /// more than a day.
    public static let lifetimeBounds: ClosedRange<Int64> = 60...86_400

    /// Why `url` may not be fetched in `mode`, or nil when it may.
    public static func problem(with url: String, mode: Configuration.Mode) -> String? {
        let lowered = url.asciiLowercased
        if lowered.hasPrefix("https://") { return host(of: url) == nil ? "has no host" : nil }
        guard lowered.hasPrefix("http://") else { return "is not an https URL" }
        guard mode != .production else { return "is not https (http is allowed for loopback in local mode only)" }
        guard let host = host(of: url), ["127.0.0.1", "localhost", "[::1]"].contains(host) else {
            return "uses http for a host that is not loopback"
        }
        return nil
    }

    /// Fetches `url` and returns the body and its lifetime; fails on anything but a 200 answer.
    /// The guards are those of any URL fetched on a request path (a client ID metadata document,
    /// ``OAuthMetadataDocument``, uses them with its own limits).
    ///
    /// - Parameters:
    ///   - timeoutMilliseconds: the limit for the whole fetch (connecting: at most 1 s of it).
    ///   - maximumBodySize: a larger body fails the fetch.
    public static func fetch(
        _ url: String, mode: Configuration.Mode, timeoutMilliseconds: Int = timeoutMilliseconds,
        maximumBodySize: Int = maximumBodySize
    ) throws(Failure) -> Document {
        if let problem = problem(with: url, mode: mode) { throw Failure(description: "the URL \(problem)") }
        let allowLoopback = mode != .production
        let reply: CurlHTTPClient.Reply
        do {
            reply = try CurlHTTPClient().send(
                method: "GET", url: url, headers: ["Accept: application/json"], timeoutMilliseconds: timeoutMilliseconds,
                connectTimeoutMilliseconds: min(1_000, timeoutMilliseconds), maximumResponseSize: maximumBodySize,
                protocols: allowLoopback ? "http,https" : "https",
                allowsAddress: { PublicAddress.isPublic($0) || (allowLoopback && PublicAddress.isLoopback($0)) })
        } catch {
            throw Failure(description: error.description)
        }
        guard reply.status == 200 else {
            let redirect = (300..<400).contains(reply.status)
            throw Failure(description: redirect ? "redirect refused (\(reply.status))" : "status \(reply.status)")
        }
        return Document(body: reply.body, lifetimeSeconds: lifetime(cacheControl: reply.headers["cache-control"]))
    }

    /// The lifetime a `Cache-Control` value gives: `max-age` (or `s-maxage`, which wins) within
    /// ``lifetimeBounds``; `no-store`/`no-cache` give the lower bound; absent, ``defaultLifetimeSeconds``.
    public static func lifetime(cacheControl: String?) -> Int64 {
        guard let cacheControl else { return defaultLifetimeSeconds }
        var maxAge: Int64? = nil
        var sharedMaxAge: Int64? = nil
        for directive in cacheControl.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIIWhitespace().asciiLowercased }
            switch parts.first {
            case "no-store", "no-cache": return lifetimeBounds.lowerBound
            case "max-age": maxAge = parts.count == 2 ? Int64(parts[1].trimmingQuotes) : nil
            case "s-maxage": sharedMaxAge = parts.count == 2 ? Int64(parts[1].trimmingQuotes) : nil
            default: break
            }
        }
        guard let seconds = sharedMaxAge ?? maxAge else { return defaultLifetimeSeconds }
        return min(max(seconds, lifetimeBounds.lowerBound), lifetimeBounds.upperBound)
    }

    /// The host of an `http(s)://` URL (brackets kept for IPv6), without user info or port.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else { return nil }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            authority = authority[...close]
        } else if let colon = authority.firstIndex(of: ":") {
            authority = authority[..<colon]
        }
        return authority.isEmpty ? nil : String(authority).asciiLowercased
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
