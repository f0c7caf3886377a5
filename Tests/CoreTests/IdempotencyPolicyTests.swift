import GatehouseCore
import Testing

@Suite("idempotency and webhook signing, pure")
struct IdempotencyPolicyTests {
    @Test("no record proceeds; same fingerprint replays when done, 409 in flight; another fingerprint 422")
    func decisions() {
        #expect(IdempotencyPolicy.decide(state: nil, storedFingerprint: nil, sealed: nil, fingerprint: "a") == .proceed)
        #expect(
            IdempotencyPolicy.decide(state: "done", storedFingerprint: "a", sealed: [1], fingerprint: "a")
                == .replay(sealed: [1]))
        guard
            case .refuse(let inFlight) = IdempotencyPolicy.decide(
                state: "pending", storedFingerprint: "a", sealed: nil, fingerprint: "a")
        else {
            Issue.record("in flight proceeded")
            return
        }
        #expect(inFlight.status == 409)
        guard
            case .refuse(let other) = IdempotencyPolicy.decide(
                state: "done", storedFingerprint: "a", sealed: [1], fingerprint: "b")
        else {
            Issue.record("another body replayed")
            return
        }
        #expect(other.status == 422)
    }

    @Test("applies to mutating POSTs with a principal only")
    func applies() {
        #expect(IdempotencyPolicy.applies(method: "POST", access: .principal(scope: nil), function: "keys"))
        #expect(!IdempotencyPolicy.applies(method: "POST", access: .open, function: "signin"))
        #expect(!IdempotencyPolicy.applies(method: "POST", access: .authorizer, function: "verify"))
        #expect(!IdempotencyPolicy.applies(method: "GET", access: .principal(scope: nil), function: "keys"))
        #expect(IdempotencyPolicy.isValidKey("abc-123") && !IdempotencyPolicy.isValidKey("a b"))
        #expect(!IdempotencyPolicy.isValidKey(String(repeating: "a", count: 256)))
    }

    @Test("sealed responses open only with the same secret, scope and idempotency key")
    func sealing() throws {
        let secret = Array(repeating: UInt8(7), count: 32)
        let response = APIResponse.json(201, ["key": "ak_live_example"], headers: ["Cache-Control": "no-store"])
        let sealed = try ResponseSeal.seal(response, serverSecret: secret, scope: "t\nk", idempotencyKey: "i")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("ak_live_example"))
        let opened = try #require(ResponseSeal.open(sealed, serverSecret: secret, scope: "t\nk", idempotencyKey: "i"))
        #expect(opened.status == 201 && opened.body == response.body && opened.headers["Cache-Control"] == "no-store")
        #expect(ResponseSeal.open(sealed, serverSecret: secret, scope: "t\nk", idempotencyKey: "j") == nil)
        #expect(ResponseSeal.open(sealed, serverSecret: secret, scope: "u\nk", idempotencyKey: "i") == nil)
    }

    @Test("Standard Webhooks signature matches the specification's example")
    func webhookSignature() throws {
        // The example of https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
        let signer = try #require(StandardWebhooks(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Array(#"{"test": 2432232314}"#.utf8)
        #expect(
            signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(StandardWebhooks(secret: "whsec_@@") == nil && StandardWebhooks(secret: "secret") == nil)
    }

    @Test("audit since: stream ids, milliseconds and ISO times become exclusive stream ids")
    func auditSince() {
        #expect(AuditLog.streamID(since: "1700000000000-3") == "1700000000000-3")
        #expect(AuditLog.streamID(since: "1700000000000") == "1699999999999-18446744073709551615")
        #expect(AuditLog.streamID(since: "2023-11-14T22:13:20.000Z") == "1699999999999-18446744073709551615")
        #expect(AuditLog.streamID(since: "yesterday") == nil)
    }
}

@Suite("how long an in-flight Idempotency-Key marker lives")
struct IdempotencyInFlightTests {
    @Test("10 s by default, 8 command timeouts when the timeout is long")
    func lifetime() {
        #expect(IdempotencyPolicy.inFlightMilliseconds(commandTimeout: .milliseconds(500)) == 10_000)
        #expect(IdempotencyPolicy.inFlightMilliseconds(commandTimeout: .seconds(5)) == 40_000)
    }
}
