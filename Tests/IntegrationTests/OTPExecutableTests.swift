import Foundation
import GatehouseCore
import Testing

@Suite("the otp, refresh and proof executables")
struct OTPExecutableTests {
    @Test("otp as a CGI program delivers through libcurl, loaded at run time")
    func otpCGI() throws {
        let harness = try OTPHarness()
        var environment = harness.fixture.processEnvironment(harness.environment())
        environment["GATEHOUSE_MODE"] = "test"
        let (response, stderr) = try FunctionProcess.cgi(
            "otp", OTPHarness.sendOTP(harness.ownerPhone, address: harness.address(1)), configuration: environment)
        #expect(response.status == 200, "\(stderr)")
        let code = try #require(harness.receiver.lastCode(for: harness.ownerPhone))
        let (verified, verifyLog) = try FunctionProcess.cgi(
            "otp", OTPHarness.verifyOTP(harness.ownerPhone, code, address: harness.address(1)),
            configuration: environment)
        #expect(verified.status == 200, "\(verifyLog)")
        #expect(verified.headers["Set-Cookie"]?.hasPrefix("amrood_session=") == true)
        #expect(!stderr.contains(code) && !verifyLog.contains(code))
        let refresh = try FunctionProcess.cgi(
            "refresh", RefreshTests.refresh(try #require(verified.json["refresh_token"]?.stringValue)),
            configuration: environment)
        #expect(refresh.response.status == 200, "\(refresh.stderr)")
        let proof = try FunctionProcess.cgi(
            "proof", OTPHarness.get("/v1/proof", cookie: verified.sessionCookie), configuration: environment)
        #expect(proof.response.status == 200, "\(proof.stderr)")
    }

    @Test("otp without GATEHOUSE_SERVER_SECRET refuses to start, naming the variable")
    func otpNeedsSecret() throws {
        let harness = try OTPHarness()
        var environment = harness.fixture.processEnvironment(harness.environment())
        environment["GATEHOUSE_SERVER_SECRET"] = nil
        let (response, stderr) = try FunctionProcess.cgi(
            "otp", OTPHarness.sendOTP(harness.ownerPhone), configuration: environment)
        #expect(response.status == 500)
        #expect(stderr.contains("GATEHOUSE_SERVER_SECRET"))
        #expect(harness.receiver.requests.isEmpty)
    }
}
