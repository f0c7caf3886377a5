import FuzzSupport
import GatehouseCore

/// A known client, as the endpoint would find it.
let client = OAuthClient(
    id: "mcp_0123456789abcdefghijklmn", name: "Fuzz", redirectURIs: ["https://app.example/cb", "http://127.0.0.1/cb"],
    authMethod: .none, scope: ScopeSet(parsing: "data:read keys:manage"), origin: .dynamic, createdAt: 0)
let resource = OAuthResource(canonicalizing: "https://mcp.example.com/mcp")!

/// Authorization request parameters (a query string or a form body): checking them never crashes,
/// a refusal of an untrusted client or redirect URI never yields a Location, and every Location
/// goes to a registered redirect URI and holds `iss` once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let items = FormURLEncoded.decode(text) else { return 0 }
    let issuer = "https://gatehouse.test"
    do {
        let request = try OAuthAuthorizationRequest.parse(
            items, client: { $0 == client.id ? client : nil },
            knownResource: { OAuthResource(canonicalizing: $0).flatMap { $0 == resource ? $0 : nil } })
        for role in [Role.viewer, .editor, .admin, .owner] { _ = request.grantedScopes(role: role) }
        check(request.location(code: "ghc_t.code", issuer: issuer), to: request.redirectURI)
    } catch let refusal as OAuthAuthorizationError {
        switch refusal.delivery {
        case .page: precondition(refusal.location(issuer: issuer) == nil)
        case .redirect(let uri, _): check(refusal.location(issuer: issuer)!, to: uri)
        }
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}

/// A Location must start with a registered redirect URI and carry `iss` exactly once.
func check(_ location: String, to uri: String) {
    precondition(client.redirectURIs.contains(uri) && location.hasPrefix(uri + "?"))
    let query = String(location.dropFirst(uri.count + 1))
    let items = FormURLEncoded.decode(query)!
    precondition(items.filter { $0.name == "iss" }.count == 1 && items.filter { $0.name == "state" }.count <= 1)
}

/// SwiftPM links an executable's entry point as `FuzzAuthorizeParameters_main`: hand it to libFuzzer.
@_cdecl("FuzzAuthorizeParameters_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
