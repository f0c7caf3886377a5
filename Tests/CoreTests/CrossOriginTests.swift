import Logging
import Testing

@testable import GatehouseCore

@Suite("CORS on the OAuth metadata, registration and token endpoints")
struct CrossOriginTests {
    static let application: Dispatcher = {
        let configuration = try! Configuration(environment: [:], requireSigningKeys: false)
        let routes = RouteTable([
            Route("POST", "/oauth/token", function: "oauth", cors: true) { _, _ in .json(200, ["ok": true]) },
            Route("GET", "/v1/private", function: "keys") { _, _ in .json(200, ["ok": true]) },
        ])
        return Dispatcher(configuration: configuration, routes: routes, logger: Logger(label: "test"))
    }()
    let redis = RedisClient(configuration: .localDefault)

    @Test("a preflight to a CORS route is 204 naming its methods and headers, without credentials")
    func preflight() {
        let response = Self.application.handle(
            APIRequest(method: "OPTIONS", path: "/oauth/token", headers: ["Origin": "https://inspector.example"]),
            redis: redis)
        #expect(response.status == 204)
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-allow-methods"] == "POST, OPTIONS")
        #expect(response.headers["access-control-allow-headers"]?.contains("Authorization") == true)
        #expect(response.headers["access-control-allow-credentials"] == nil)
    }

    @Test("answers of a CORS route, errors included, allow any origin; other routes do not")
    func answers() {
        let ok = Self.application.handle(APIRequest(method: "POST", path: "/oauth/token"), redis: redis)
        #expect(ok.headers["access-control-allow-origin"] == "*")
        #expect(ok.headers["access-control-expose-headers"]?.contains("WWW-Authenticate") == true)
        let wrongMethod = Self.application.handle(APIRequest(method: "GET", path: "/oauth/token"), redis: redis)
        #expect(wrongMethod.status == 405 && wrongMethod.headers["access-control-allow-origin"] == "*")
        let other = Self.application.handle(APIRequest(method: "GET", path: "/v1/private"), redis: redis)
        #expect(other.headers["access-control-allow-origin"] == nil)
        let otherPreflight = Self.application.handle(APIRequest(method: "OPTIONS", path: "/v1/private"), redis: redis)
        #expect(otherPreflight.status == 405)
    }
}
