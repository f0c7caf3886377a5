import Foundation
import GatehouseCore
import Testing

/// A real browser on the authorization pages: Selenium drives Debian's chromium (and its
/// chromedriver, never a downloaded one) against `gatehouse-server --cgi`, which runs the `oauth`
/// executable as a CGI program for each request, over http on loopback in test mode. It signs in
/// by phone OTP, then approves or denies consent, and must land on the client's redirect URI.
@Suite("a real browser signs in and consents on the authorization pages", .serialized)
struct OAuthBrowserTests {
    /// Runs the browser through the flow; the parameters it landed with and what it saw.
    static func run(decision: String, screenshots: String? = nil) throws -> (JSONValue, OAuthTestClient, OTPHarness) {
        let harness = try OTPHarness()
        let callbackPort = try TestPorts.free()
        let client = try OAuthTestClient(
            store: harness.fixture.store, name: "Claude Desktop",
            redirectURIs: ["http://127.0.0.1:\(callbackPort)/callback"])
        let result = try BrowserRun.run("oauth-browser.py", harness: harness) { _ in
            var arguments = [
                "--query", client.query(state: "browser-state", ["scope": "data:read keys:manage"]),
                "--phone", harness.ownerPhone,
                "--receiver-log", harness.receiver.directory.appendingPathComponent("log").path,
                "--callback-port", String(callbackPort), "--decision", decision,
            ]
            if let screenshots {
                arguments += [
                    "--screenshots", screenshots, "--error-query", client.query(["redirect_uri": "https://evil.example/"]),
                ]
            }
            return arguments
        }
        return (result, client, harness)
    }

    static func parameters(_ result: JSONValue) -> [(String, String)] {
        (result["parameters"]?.arrayValue ?? []).compactMap { pair in
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue,
                let value = items[1].stringValue
            else { return nil }
            return (name, value)
        }
    }

    @Test("sign in by OTP, approve: the browser lands on the redirect URI with code, state, iss once each")
    func approve() throws {
        let screenshots = ProcessInfo.processInfo.environment["GATEHOUSE_SCREENSHOTS_DIR"]
        let (result, client, harness) = try Self.run(decision: "approve", screenshots: screenshots)
        let parameters = Self.parameters(result)
        #expect(parameters.map(\.0) == ["code", "state", "iss"], "\(result)")
        #expect(parameters.first { $0.0 == "state" }?.1 == "browser-state")
        #expect(parameters.first { $0.0 == "iss" }?.1.hasPrefix("http://127.0.0.1:") == true)
        let code = try #require(parameters.first { $0.0 == "code" }?.1)
        let token = try #require(OpaqueToken.parse(code, as: .authorizationCode))
        let record = try harness.fixture.store.redisClient.command(["HGET", .string(OAuthCodeStore.recordKey(token)), "client"])
        #expect(record.stringValue == client.client.id)
        let consent = result["consent"]?.stringValue ?? ""
        for text in ["Claude Desktop", "Unverified", "127.0.0.1", "See your data", "Manage API keys"] {
            #expect(consent.lowercased().contains(text.lowercased()), "the consent page the browser showed lacks \(text)")
        }
        // The browser kept the __Host- cookies over http on loopback: the session and CSRF cookies.
        let cookies = result["cookies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(cookies.contains("__Host-gh_session") && cookies.contains("__Host-gh_csrf"), "\(cookies)")
    }

    @Test("sign in by OTP, deny: the browser lands on the redirect URI with error=access_denied, state, iss")
    func deny() throws {
        let (result, _, harness) = try Self.run(decision: "deny")
        let parameters = Self.parameters(result)
        #expect(parameters.map(\.0) == ["error", "error_description", "state", "iss"], "\(result)")
        #expect(parameters.first?.1 == "access_denied")
        #expect(parameters.first { $0.0 == "state" }?.1 == "browser-state")
        #expect(try harness.fixture.store.redisKeys(matching: "gh:{\(harness.fixture.tenant)}:oac:*").isEmpty)
    }
}
