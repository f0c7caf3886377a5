import Foundation
import Testing

@testable import GatehouseCore

/// The sign-in page's phone step follows send-otp's timing rule (SPEC §4): with a provider that
/// takes 150 ms, registered and unregistered numbers get their 303 alike, medians under 1 ms apart.
@Suite("the sign-in page answers before it delivers", .serialized)
struct OAuthSignInTimingTests {
    @Test("in process: the phone step's medians for registered and unregistered numbers differ by under 1 ms")
    func phoneStep() throws {
        let cookie = OAuthCSRF.newCookieValue()
        let token = OAuthCSRF.token(
            forCookie: cookie, key: OAuthPageKeys(serverSecret: Array(OTPHarness.serverSecret.utf8)).csrf)
        let results = try OTPTimingTests.medians { numbers, phone, address in
            let client = try OAuthTestClient(store: numbers.harness.fixture.store)
            let fields =
                (FormURLEncoded.decode(client.query()) ?? []).map { ($0.name, $0.value) }
                + [(OAuthCSRF.fieldName, token), ("step", "phone"), ("phone", phone)]
            let request = APIRequest(
                method: "POST", path: "/oauth/authorize",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(OAuthCSRF.cookieName)=\(cookie)",
                ], body: Array(FormURLEncoded.encode(fields).utf8), remoteAddress: address)
            let application = try numbers.harness.application(numbers.environment)
            let redis = RedisClient(configuration: application.configuration.redis)
            _ = try redis.command(["PING"])
            var response: APIResponse?
            let elapsed = OTPTimingTests.milliseconds { response = application.handle(request, redis: redis) }
            #expect(response?.status == 303)
            response?.runDeferred(redis: redis)
            return elapsed
        }
        print("sign-in page phone step, medians (registered, unregistered) ms per attempt: \(results)")
        #expect(results.contains { abs($0.registered - $0.unregistered) < 1 }, "\(results)")
    }
}
