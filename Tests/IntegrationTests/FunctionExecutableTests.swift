import Foundation
import GatehouseCore
import Testing

@Suite("the signin and jwks executables as CGI processes and stdin/stdout events")
struct FunctionExecutableTests {
    @Test("signin as a CGI program: environment in, Status line and token out")
    func signinCGI() throws {
        let fixture = try GatehouseFixture()
        var request = SigninRequest.seed000(
            org: fixture.tenant, key: fixture.ownerKey.text, keyID: fixture.ownerKeyRecord.id, user: "viewer")
        request.headers.add("Proxy", "http://attacker.invalid:3128")
        let (response, stderr) = try FunctionProcess.cgi("signin", request, configuration: fixture.processEnvironment())
        #expect(response.status == 200, "\(stderr)")
        let token = try #require(response.json["jwt"]?.stringValue)
        let configuration = try fixture.configuration()
        let claims = try JWTVerifier(
            keys: configuration.signingKeys!, issuer: "https://gatehouse.test",
            audience: "gatehouse-tests"
        ).verify(token, now: SystemAccess.currentTimeMilliseconds() / 1000)
        #expect(claims["sub"] == "viewer")
        #expect(!stderr.contains(fixture.ownerKey.text.dropFirst(14)), "the key reached stderr")
        #expect(stderr.contains(#""route":"/v1/{org}/user/signin_with_api_key""#))
    }

    @Test("signin refusals keep their status through CGI: 401, 429 and 503")
    func signinCGIStatuses() throws {
        let fixture = try GatehouseFixture()
        let wrong = SigninRequest.seed000(org: fixture.tenant, key: APIKey.generate().text, keyID: nil, user: "viewer")
        #expect(
            try FunctionProcess.cgi("signin", wrong, configuration: fixture.processEnvironment()).response.status == 401
        )
        let good = SigninRequest.seed000(org: fixture.tenant, key: fixture.ownerKey.text, keyID: nil, user: "viewer")
        let statuses = try (1...6).map { _ in
            try FunctionProcess.cgi("signin", good, configuration: fixture.processEnvironment()).response.status
        }
        #expect(statuses.last == 429)
        let down = fixture.processEnvironment(["GATEHOUSE_REDIS_URL": "unix:///nonexistent/redis.sock"])
        let unavailable = try FunctionProcess.cgi("signin", good, configuration: down).response
        #expect(unavailable.status == 503)
        #expect(unavailable.headers["Retry-After"] != nil)
    }

    @Test("jwks as a CGI program publishes public keys only")
    func jwksCGI() throws {
        let fixture = try GatehouseFixture()
        let (response, _) = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            configuration: fixture.processEnvironment())
        #expect(response.status == 200)
        let keys = try #require(response.json["keys"]?.arrayValue)
        #expect(keys.count == 3)
        let privateMembers = ["d", "p", "q", "dp", "dq", "qi", "nbf"]
        #expect(keys.allSatisfy { key in privateMembers.allSatisfy { key[$0] == nil } && key["kid"] != nil })
        let metadata = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/openid-configuration"),
            configuration: fixture.processEnvironment()
        ).response
        #expect(metadata.json["jwks_uri"] == "https://gatehouse.test/.well-known/jwks.json")
    }

    @Test("the environment is read byte for byte: a value keeps every '=' after the first, other bytes pass")
    func environmentValues() throws {
        let fixture = try GatehouseFixture()
        let environment = fixture.processEnvironment([
            "GATEHOUSE_ISSUER": "https://gatehouse.test/realm=a=b", "GATEHOUSE_TEST_NOTE": "Zoë ✓", "GATEHOUSE_TEST_EMPTY": "",
        ])
        let (metadata, stderr) = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/openid-configuration"), configuration: environment)
        #expect(metadata.status == 200, "\(stderr)")
        #expect(metadata.json["issuer"] == "https://gatehouse.test/realm=a=b")
        #expect(metadata.json["jwks_uri"] == "https://gatehouse.test/realm=a=b/.well-known/jwks.json")
    }

    @Test("an API Gateway v2 event on stdin gives a v2 response on stdout")
    func eventMode() throws {
        let fixture = try GatehouseFixture()
        let event: JSONValue = [
            "version": "2.0", "rawPath": .string("/tenant/\(fixture.tenant)/v2.0/Auth/token-exchange"),
            "rawQueryString": "",
            "headers": ["x-api-key": .string(fixture.ownerKey.text), "content-type": "application/json"],
            "requestContext": ["http": ["method": "POST", "sourceIp": "203.0.113.1"]],
            "body": #"{"userId":"editor"}"#, "isBase64Encoded": false,
        ]
        let output = try FunctionProcess.run(
            "signin", environment: fixture.processEnvironment(), input: event.serialized())
        let response = try JSONValue.parse(output.stdout)
        #expect(response["statusCode"] == 200, "\(output.stderr)")
        let body = try JSONValue.parse(try #require(response["body"]?.stringValue))
        #expect(body["token"]?.stringValue?.split(separator: ".").count == 3)
        let malformed = try FunctionProcess.run(
            "signin", environment: fixture.processEnvironment(), input: Array("{".utf8))
        #expect(try JSONValue.parse(malformed.stdout)["statusCode"] == 400)
    }

    @Test("a key whose d is not its x/y's: jwks publishes, verify verifies, the functions that sign refuse to start")
    func foreignPrivateHalf() throws {
        let fixture = try GatehouseFixture()
        // The ES256 key of the test set with the d of another P-256 key: right form, wrong key.
        var set = try #require(try JSONValue.parse(TestSigningKeys.privateJSON).objectValue)
        var keys = try #require(set["keys"]?.arrayValue)
        let index = try #require(keys.firstIndex { $0["kty"] == "EC" })
        var key = try #require(keys[index].objectValue)
        let foreign = try #require(SigningKey.generate(.es256).privateJWK()["d"])
        key["d"] = foreign
        keys[index] = .object(key)
        set["keys"] = .array(keys)
        let environment = fixture.processEnvironment(["GATEHOUSE_SIGNING_KEYS": JSONValue.object(set).jsonText])

        let (published, jwksErrors) = try FunctionProcess.cgi(
            "jwks", APIRequest(method: "GET", path: "/.well-known/jwks.json"), configuration: environment)
        #expect(published.status == 200, "\(jwksErrors)")
        let document = try JSONValue.parse(published.body)
        let expected = try PublishedKeySet(privateJWKSetJSON: TestSigningKeys.privateJSON).document
        #expect(document == expected, "jwks published other members than the key file's public halves")

        // verify builds the public keys alone (x/y on the curve): it starts and answers.
        let (verified, verifyErrors) = try FunctionProcess.cgi(
            "verify", APIRequest(method: "GET", path: "/v1/verify"), configuration: environment)
        #expect(verified.status == 401, "verify: \(verifyErrors)")
        for function in ["signin", "refresh"] {
            let (response, stderr) = try FunctionProcess.cgi(
                function, APIRequest(method: "GET", path: "/v1/verify"), configuration: environment)
            #expect(response.status == 500, "\(function) started with a d that is not its key's")
            #expect(stderr.contains("GATEHOUSE_SIGNING_KEYS") && stderr.contains("private key"), "\(function): \(stderr)")
            #expect(!stderr.contains(foreign.stringValue ?? "-"), "\(function) logged the private key")
        }
    }

    @Test("invalid configuration: 500 without internals, and the variable named on stderr")
    func invalidConfiguration() throws {
        let fixture = try GatehouseFixture()
        let (response, stderr) = try FunctionProcess.cgi(
            "signin", APIRequest(method: "GET", path: "/.well-known/jwks.json"),
            configuration: fixture.processEnvironment(["GATEHOUSE_TOKEN_TTL": "forever"]))
        #expect(response.status == 500)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("GATEHOUSE_TOKEN_TTL"))
        #expect(stderr.contains("GATEHOUSE_TOKEN_TTL"))
    }
}
