import Foundation
import GatehouseCore

/// A browser for the authorization pages in tests: keeps cookies as `Set-Cookie` says, fills
/// forms from the page's hidden fields, and follows nothing by itself (each test looks at every
/// answer). `send` handles one request: in process, through a CGI executable, or over HTTP.
final class OAuthPageBrowser {
    let send: (APIRequest) throws -> APIResponse
    private(set) var cookies: [String: String] = [:]
    /// The last page's body.
    private(set) var html = ""

    init(send: @escaping (APIRequest) throws -> APIResponse) { self.send = send }

    /// The `Cookie` header the browser would send.
    var cookieHeader: String? {
        cookies.isEmpty
            ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    /// `GET /oauth/authorize?<query>` (or the path of a `Location` such as `authorize?…`).
    @discardableResult
    func get(_ query: String) throws -> APIResponse { try get(path: "/oauth/authorize", query: query) }

    /// `GET <path>?<query>` with the browser's cookies.
    @discardableResult
    func get(path: String, query: String = "") throws -> APIResponse {
        var headers = HeaderFields()
        if let cookieHeader { headers.add("Cookie", cookieHeader) }
        let request = APIRequest(
            method: "GET", path: path, rawQuery: query, headers: headers, remoteAddress: OTPHarness.defaultAddress)
        return try take(try send(request))
    }

    /// Follows a 303 back to the authorization endpoint (`Location: authorize?…`).
    @discardableResult
    func follow(_ response: APIResponse) throws -> APIResponse {
        let location = response.headers["Location"] ?? ""
        guard location.hasPrefix("authorize?") else {
            throw BrowserError(problem: "not back to the endpoint: \(location)")
        }
        return try get(String(location.dropFirst("authorize?".count)))
    }

    /// Posts the last page's form of `step` with its hidden fields and `fields`; `dropping`
    /// leaves hidden fields out, `replacing` changes them.
    @discardableResult
    func submit(
        step: String, _ fields: [(String, String)] = [], dropping: [String] = [], replacing: [String: String] = [:]
    ) throws -> APIResponse {
        let hidden = try hiddenFields(step: step).filter { !dropping.contains($0.0) }.map { field in
            (field.0, replacing[field.0] ?? field.1)
        }
        return try post(hidden + fields)
    }

    /// Posts a form body as it is.
    @discardableResult
    func post(_ fields: [(String, String)]) throws -> APIResponse {
        try post(path: "/oauth/authorize", fields)
    }

    /// Posts a form body as it is to `path`.
    @discardableResult
    func post(path: String, _ fields: [(String, String)]) throws -> APIResponse {
        var headers: HeaderFields = ["Content-Type": "application/x-www-form-urlencoded"]
        if let cookieHeader { headers.add("Cookie", cookieHeader) }
        let request = APIRequest(
            method: "POST", path: path, headers: headers, body: Array(FormURLEncoded.encode(fields).utf8),
            remoteAddress: OTPHarness.defaultAddress)
        return try take(try send(request))
    }

    /// The hidden fields of the last page's first form posting to `action`.
    func hiddenFields(action: String) throws -> [(String, String)] {
        for form in html.components(separatedBy: "<form ").dropFirst() where form.hasPrefix("method=\"post\" action=\"\(action)\"") {
            return Self.inputs(form.components(separatedBy: "</form>")[0])
        }
        throw BrowserError(problem: "no form posting to \(action) on the page")
    }

    /// Posts the last page's form for `action` with its hidden fields and `fields`; `dropping`
    /// leaves hidden fields out.
    @discardableResult
    func submit(action: String, _ fields: [(String, String)] = [], dropping: [String] = []) throws -> APIResponse {
        let hidden = try hiddenFields(action: action).filter { !dropping.contains($0.0) }
        return try post(path: action, hidden + fields)
    }

    /// The hidden fields of the last page's form for `step`.
    func hiddenFields(step: String) throws -> [(String, String)] {
        for form in html.components(separatedBy: "<form ").dropFirst() {
            let fields = Self.inputs(form.components(separatedBy: "</form>")[0])
            if fields.contains(where: { $0.0 == "step" && $0.1 == step }) { return fields }
        }
        throw BrowserError(problem: "no form for step \(step) on the page")
    }

    /// The hidden inputs of a form's HTML, unescaped.
    static func inputs(_ form: String) -> [(String, String)] {
        form.components(separatedBy: "<input type=\"hidden\" ").dropFirst().compactMap { tag in
            let name = tag.components(separatedBy: "name=\"").dropFirst().first?.components(separatedBy: "\"").first
            let value = tag.components(separatedBy: "value=\"").dropFirst().first?.components(separatedBy: "\"").first
            guard let name, let value else { return nil }
            return (unescape(name), unescape(value))
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private func take(_ response: APIResponse) -> APIResponse {
        for header in response.headers.values("Set-Cookie") {
            let pair = header.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false
            )
            .map(String.init)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        html = String(decoding: response.body, as: UTF8.self)
        return response
    }

    struct BrowserError: Error, CustomStringConvertible {
        let problem: String
        var description: String { problem }
    }
}

/// A registered OAuth client and a PKCE pair for the authorization tests.
struct OAuthTestClient {
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    let client: OAuthClient

    /// Registers a client in Redis as `/oauth/register` would.
    init(
        store: TenantStore, name: String = "Claude Desktop", redirectURIs: [String] = ["https://app.example/callback"],
        origin: OAuthClient.Origin = .dynamic
    ) throws {
        client = OAuthClient(
            id: OAuthClientStore.generateID(), name: name, redirectURIs: redirectURIs, authMethod: .none,
            origin: origin, createdAt: SystemAccess.currentTimeMilliseconds())
        _ = try store.redisClient.command(
            ["HSET", .string(OAuthClientStore.recordKey(client.id))]
                + client.fields.flatMap { [RedisArgument.string($0.0), .string($0.1)] })
    }

    /// The query of an authorization request; `overrides` replace (or, with nil, remove) parameters.
    func query(
        state: String = "st-" + Base62.random(count: 8), _ overrides: [String: String?] = [:],
        extra: [(String, String)] = []
    ) -> String {
        var parameters: [(String, String)] = [
            ("response_type", "code"), ("client_id", client.id), ("redirect_uri", client.redirectURIs[0]),
            ("code_challenge", Self.challenge), ("code_challenge_method", "S256"), ("state", state),
        ]
        for (name, value) in overrides {
            parameters.removeAll { $0.0 == name }
            if let value { parameters.append((name, value)) }
        }
        return FormURLEncoded.encode(parameters + extra)
    }
}

extension APIResponse {
    /// The query items of the `Location` header.
    var locationItems: [(name: String, value: String)] {
        guard let location = headers["Location"], let mark = location.firstIndex(of: "?") else { return [] }
        return FormURLEncoded.decode(String(location[location.index(after: mark)...])) ?? []
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
}
