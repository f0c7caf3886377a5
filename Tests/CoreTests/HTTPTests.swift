import GatehouseCore
import Testing

@Suite("routing, envelopes and encodings")
struct HTTPTests {
    let table = RouteTable([
        Route("POST", "/v1/{org}/user/signin_with_api_key", function: "signin") { _, context in
            .json(200, ["org": .string(context.parameters["org"] ?? "")])
        },
        Route("GET", "/.well-known/jwks.json", function: "jwks") { _, _ in .json(200, [:]) },
    ])

    @Test("routes match with decoded parameters; other methods get 405 with Allow; other paths 404")
    func matching() {
        guard case .found(_, let parameters) = table.match(method: "POST", path: "/v1/a%2Db/user/signin_with_api_key")
        else {
            Issue.record("no match")
            return
        }
        #expect(parameters["org"] == "a-b")
        guard case .methodNotAllowed(let allowed) = table.match(method: "PUT", path: "/v1/x/user/signin_with_api_key")
        else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["POST"])
        if case .notFound = table.match(method: "GET", path: "/v1/x") {} else { Issue.record("expected 404") }
        if case .found = table.match(method: "HEAD", path: "/.well-known/jwks.json") {} else { Issue.record("HEAD") }
    }

    @Test("the error envelope of SPEC §6, and the OAuth form")
    func envelopes() {
        let response = ErrorEnvelope.response(for: .missingScope("keys:manage"), requestID: "req_1")
        #expect(response.status == 403)
        #expect(response.headers["Content-Type"] == "application/json")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(
            text
                == #"{"error":{"code":"forbidden","message":"The credential lacks a required scope","details":{"missing_scope":"keys:manage"},"request_id":"req_1"}}"#
        )
        let oauth = ErrorEnvelope.response(for: .authentication(), requestID: "req_2", style: .oauth)
        #expect(oauth.status == 400)
        #expect(
            String(decoding: oauth.body, as: UTF8.self)
                == #"{"error":"invalid_grant","error_description":"Invalid or missing API key"}"#)
        #expect(oauth.headers["Cache-Control"] == "no-store")
        #expect(ErrorEnvelope.response(for: .unavailable(), requestID: "r").headers["Retry-After"] == "5")
    }

    @Test(
        "timestamps are ISO 8601 UTC with milliseconds",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"), (1_764_742_109_581, "2025-12-03T06:08:29.581Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
            (4_102_444_800_000, "2100-01-01T00:00:00.000Z"),
        ])
    func timestamps(milliseconds: Int64, text: String) {
        #expect(Timestamp.iso8601(milliseconds: milliseconds) == text)
    }

    @Test("form encoding decodes escapes and plus, and refuses malformed escapes")
    func formEncoding() throws {
        let pairs = try #require(FormURLEncoded.decode("a=1+2&b=%7E%41&c"))
        #expect(pairs.map(\.name) == ["a", "b", "c"])
        #expect(pairs.map(\.value) == ["1 2", "~A", ""])
        #expect(FormURLEncoded.decode("a=%G1") == nil)
        #expect(FormURLEncoded.decode("a=%C3") == nil)
        #expect(FormURLEncoded.encode([("k y", "a&b=c")]) == "k%20y=a%26b%3Dc")
    }

    @Test("a response header holding CR or LF is never written")
    func headerInjection() {
        #expect(!APIResponse(status: 200, headers: ["X-Echo": "a\r\nSet-Cookie: x=1"]).hasSafeHeaders)
        #expect(!APIResponse(status: 200, headers: ["Bad Name": "a"]).hasSafeHeaders)
        #expect(APIResponse(status: 200, headers: ["X-Echo": "plain"]).hasSafeHeaders)
    }
}
