import Foundation
import GatehouseCore
import Testing

/// A real browser on the console: Selenium drives Debian's chromium (and its chromedriver, never a
/// downloaded one) against `gatehouse-server --cgi`, which runs the `console` executable as a CGI
/// program for each request, over http on loopback in test mode; curl uses the keys it makes.
@Suite("a real browser manages API keys in the console", .serialized)
struct ConsoleBrowserTests {
    @Test("sign in by OTP; create (curl: it works; copy button: the clipboard holds it; reload: gone), rotate with grace, revoke, regenerate the secondary, read the audit; a viewer is read-only; an administrator sees the tenants; no JavaScript needed")
    func manageKeys() throws {
        let harness = try OTPHarness()
        _ = try ConsolePagesTests.registerClient("Claude Desktop", harness: harness)
        let adminPhone = OTPHarness.randomPhone()
        try harness.fixture.store.createPlatformAdmin(phone: adminPhone)
        let noScriptPhone = OTPHarness.randomPhone()
        try harness.fixture.store.createUser(
            tenant: harness.fixture.tenant, id: "no-script-admin", role: .admin, phone: noScriptPhone)
        var base = ""
        let seen = try BrowserRun.run("console-browser.py", harness: harness) { url in
            base = url
            var arguments = [
                "--owner-phone", harness.ownerPhone, "--viewer-phone", harness.viewerPhone,
                "--admin-phone", adminPhone, "--nojs-phone", noScriptPhone, "--tenant", harness.fixture.tenant,
                "--receiver-log", harness.receiver.directory.appendingPathComponent("log").path,
            ]
            if let screenshots = ProcessInfo.processInfo.environment["GATEHOUSE_SCREENSHOTS_DIR"] {
                arguments += ["--screenshots", screenshots]
            }
            return arguments
        }
        let number = { (name: String) in seen[name]?.integerValue ?? -1 }

        #expect(seen["unsigned_url"]?.stringValue == base + "/console/signin")
        #expect(seen["signed_in_url"]?.stringValue == base + "/console/keys")
        #expect(seen["created_url"]?.stringValue == base + "/console/keys", "the plaintext is never in a URL")
        #expect(seen["key_prefix"]?.stringValue?.hasPrefix("ak_live_") == true)
        #expect(number("curl_created") == 200, "the created key works with curl")
        #expect(seen["after_reload_revealed"]?.boolValue == false && seen["after_reload_has_key"]?.boolValue == false)
        #expect(number("curl_rotated_new") == 200 && number("curl_rotated_old") == 200, "rotation keeps a grace")
        #expect(number("curl_revoked") == 401 && number("curl_rotated_after_revoke") == 200)
        #expect(number("curl_primary") == 200 && number("curl_new_secondary") == 200)
        #expect(number("curl_old_secondary") == 401, "a regenerated slot's previous key stops at once")
        let audit = seen["audit"]?.stringValue ?? ""
        for action in [
            "POST /console/keys", "POST /console/keys/{id}/rotate", "POST /console/keys/{id}/revoke",
            "POST /console/slots/{slot}/regenerate",
        ] {
            #expect(audit.contains(action), "the audit page lacks \(action)")
        }
        #expect(seen["agent_key_prefix"]?.stringValue == "agk_live")
        #expect(seen["signed_out_url"]?.stringValue == base + "/console/signin")
        #expect(number("viewer_create_buttons") == 0)
        #expect(number("viewer_forged_status") == 403)

        #expect(seen["copy_button_shown"]?.boolValue == true, "the CSP lets the copy button's script run")
        #expect(seen["copy_button_text"]?.stringValue == "Copied")
        #expect(seen["clipboard_holds_key"]?.boolValue == true, "\(seen["clipboard_problem"] ?? .null)")
        #expect(seen["selection"]?.boolValue == true, "the whole key is selected in its field")

        #expect(seen["admin_url"]?.stringValue == base + "/console/tenants")
        #expect(seen["admin_heading"]?.stringValue == "Tenants")
        #expect(seen["admin_tenant_listed"]?.boolValue == true)
        #expect(seen["admin_nav"]?.arrayValue == ["Tenants"])
        #expect(seen["admin_keys_heading"]?.stringValue == "You cannot do this", "no tenant page for an administrator")
        #expect(seen["admin_signed_out_url"]?.stringValue == base + "/console/signin")

        #expect(seen["nojs_readonly"]?.boolValue == true && seen["nojs_copy_button_shown"]?.boolValue == false)
        #expect(number("nojs_curl_created") == 200, "without JavaScript the console still makes a working key")
    }
}
