import Foundation
@testable import GatehouseCore
import Testing

/// The pages served by the `oauth` executable run as a CGI program, one process per request as a
/// web server runs it: the whole sign-in and consent, the code delivered after the answer.
@Suite("the authorization pages through the oauth executable as CGI")
struct OAuthAuthorizeTransportTests {
    @Test("oauth as CGI: phone form, code form, consent, approve → 303 with code, state, iss")
    func cgiFlow() throws {
        let harness = try OTPHarness()
        let client = try OAuthTestClient(store: harness.fixture.store)
        var environment = harness.fixture.processEnvironment(harness.environment())
        environment["GATEHOUSE_MODE"] = "test"
        var logs = ""
        let browser = OAuthPageBrowser { request in
            var request = request
            request.remoteAddress = harness.address(9)
            let (response, stderr) = try FunctionProcess.cgi("oauth", request, configuration: environment)
            logs += stderr
            return response
        }
        let page = try browser.get(client.query(state: "cgi-state"))
        #expect(page.status == 200, "\(logs)")
        #expect(page.headers["X-Frame-Options"] == "DENY")
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        let sent = try browser.submit(step: "phone", [("phone", harness.ownerPhone)])
        #expect(sent.status == 303, "\(logs)")
        _ = try browser.follow(sent)
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone), "no delivery: \(logs)")
        let consent = try browser.follow(try browser.submit(step: "code", [("code", code)]))
        #expect(consent.text.contains("Allow"), "\(logs)")
        let approved = try browser.submit(step: "consent", [("decision", "approve")])
        #expect(approved.status == 303)
        #expect(approved.locationItems.map(\.name) == ["code", "state", "iss"])
        #expect(approved.locationItems.first { $0.name == "state" }?.value == "cgi-state")
        #expect(!logs.contains(code) && !logs.contains(harness.ownerPhone))
    }
}
