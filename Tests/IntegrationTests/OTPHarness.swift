import Foundation
import GatehouseCore
import Synchronization

/// A local HTTP receiver for OTP deliveries: a Python `http.server` started by the test, recording
/// every request (and, with a `whsec_` secret, whether the `standardwebhooks` package accepts its
/// signature). A path `/status/<n>` answers `n`; `/delay/<ms>` answers 200 after that many
/// milliseconds (a slow provider); anything else answers 200.
final class DeliveryReceiver {
    static let script = #"""
        import base64, json, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        port_file, log_file, secret = sys.argv[1], sys.argv[2], sys.argv[3]
        lock = threading.Lock()
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                record = {"path": self.path, "headers": headers, "body": body.decode("utf-8")}
                if secret:
                    from standardwebhooks import Webhook
                    try:
                        Webhook(secret).verify(body, headers)
                        record["verified"] = True
                    except Exception as error:
                        record["verified"] = False
                        record["problem"] = str(error)
                with lock:
                    with open(log_file, "a") as log:
                        log.write(json.dumps(record) + "\n")
                status = int(self.path.split("/")[2]) if self.path.startswith("/status/") else 200
                if self.path.startswith("/delay/"):
                    time.sleep(int(self.path.split("/")[2]) / 1000)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"sid":"SM1"}')
            def log_message(self, *args):
                pass
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.rename(port_file + ".tmp", port_file)
        threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
        server.serve_forever()
        """#

    let process = Process()
    let input = Pipe()
    let directory: URL
    let port: Int

    /// Starts a receiver; `secret` (a `whsec_` text) turns on signature verification.
    init(secret: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-recv-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("log").path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", Self.script, portFile.path, directory.appendingPathComponent("log").path, secret,
        ]
        process.standardInput = input
        // Only the receiver may hold this pipe: a long-lived child spawned meanwhile by another test
        // (a JWKS server, a web server) must not inherit the write end and keep EOF from ever coming.
        for descriptor in [input.fileHandleForWriting.fileDescriptor, input.fileHandleForReading.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        try process.run()
        var found: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            Thread.sleep(forTimeInterval: 0.025)
        }
        guard let found else { throw ReceiverError() }
        port = found
    }

    deinit {
        try? input.fileHandleForWriting.close()
        // EOF on stdin stops the receiver, unless another child of the test process inherited the
        // pipe's write end; SIGTERM stops it either way.
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    struct ReceiverError: Error {}

    /// A URL on the receiver.
    func url(_ path: String = "/otp") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far.
    var requests: [JSONValue] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONValue.parse(Array($0.utf8)) }
    }

    /// The code in the last webhook delivery to `phone`.
    func lastCode(for phone: String) -> String? {
        for request in requests.reversed() {
            guard let body = request["body"]?.stringValue, let json = try? JSONValue.parse(Array(body.utf8)),
                json["phone"]?.stringValue == phone
            else { continue }
            return json["code"]?.stringValue
        }
        return nil
    }
}

/// A tenant whose users have phones, an application configured for OTP against a receiver, and
/// request builders.
struct OTPHarness {
    static let serverSecret = "test-server-secret-of-at-least-32-bytes"
    static let webhookSecret = "whsec_" + Base64.encode(Array("0123456789abcdef0123456789abcdef".utf8))

    let fixture: GatehouseFixture
    let receiver: DeliveryReceiver
    let ownerPhone: String
    let viewerPhone: String
    /// The first two octets of this harness's client addresses, so that the per-IP limit of one
    /// test never counts another test's requests.
    let network = "10.\(UInt8.random(in: 0...255)).\(UInt8.random(in: 0...255))"

    /// A client address of this harness (`index` 0…255).
    func address(_ index: Int) -> String { "\(network).\(index)" }

    init(receiver: DeliveryReceiver? = nil, redisURL: String = RedisTestServer.shared.url) throws {
        fixture = try GatehouseFixture(redisURL: redisURL)
        self.receiver = try receiver ?? DeliveryReceiver(secret: Self.webhookSecret)
        ownerPhone = Self.randomPhone()
        viewerPhone = Self.randomPhone()
        try fixture.store.createUser(tenant: fixture.tenant, id: "phone-owner", role: .owner, phone: ownerPhone)
        try fixture.store.createUser(tenant: fixture.tenant, id: "phone-viewer", role: .viewer, phone: viewerPhone)
    }

    /// A fresh +1 555 number nobody else in the test run has.
    static func randomPhone() -> String {
        "+1555" + String(UInt32.random(in: 1_000_000...9_999_999))
    }

    /// The environment of the otp function in these tests.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "GATEHOUSE_SERVER_SECRET": Self.serverSecret, "GATEHOUSE_OTP_SENDER": "webhook",
            "GATEHOUSE_OTP_WEBHOOK_URL": receiver.url(), "GATEHOUSE_OTP_WEBHOOK_SECRET": Self.webhookSecret,
            "GATEHOUSE_COOKIE_NAME": "amrood_session", "GATEHOUSE_OTP_SENDER_TIMEOUT_MS": "2000",
        ].merging(extra) { _, new in new }
    }

    func application(
        _ extra: [String: String] = [:], clock: @escaping @Sendable () -> Int64 = SystemAccess.currentTimeMilliseconds
    ) throws -> Dispatcher {
        try fixture.application(environment(extra), clock: clock)
    }

    /// Handles one request with a new connection.
    func send(
        _ request: APIRequest, _ extra: [String: String] = [:],
        clock: @escaping @Sendable () -> Int64 = SystemAccess.currentTimeMilliseconds
    ) throws -> APIResponse {
        let application = try application(extra, clock: clock)
        var request = request
        if request.remoteAddress == OTPHarness.defaultAddress { request.remoteAddress = address(0) }
        let redis = RedisClient(configuration: application.configuration.redis)
        let response = application.handle(request, redis: redis)
        response.runDeferred(redis: redis)
        return response
    }

    /// The address the builders put in; ``send(_:_:clock:)`` replaces it with this harness's own.
    static let defaultAddress = "198.51.100.7"

    static func json(
        _ path: String, _ body: JSONValue, address: String = defaultAddress, cookie: String? = nil
    )
        -> APIRequest
    {
        var headers: HeaderFields = ["Content-Type": "application/json"]
        if let cookie { headers.add("Cookie", cookie) }
        return APIRequest(
            method: "POST", path: path, headers: headers, body: body.serialized(), remoteAddress: address)
    }

    static func sendOTP(_ phone: String, address: String = defaultAddress) -> APIRequest {
        json("/v1/auth/send-otp", ["phone": .string(phone)], address: address)
    }

    static func verifyOTP(_ phone: String, _ code: String, address: String = defaultAddress) -> APIRequest {
        json("/v1/auth/verify-otp", ["phone": .string(phone), "code": .string(code)], address: address)
    }

    static func get(_ path: String, cookie: String? = nil, bearer: String? = nil) -> APIRequest {
        var headers = HeaderFields()
        if let cookie { headers.add("Cookie", cookie) }
        if let bearer { headers.add("Authorization", "Bearer \(bearer)") }
        return APIRequest(method: "GET", path: path, headers: headers, remoteAddress: defaultAddress)
    }

    /// Sends a code and signs in with it: the verify response.
    func login(_ phone: String, address: String = defaultAddress) throws -> APIResponse {
        let sent = try send(Self.sendOTP(phone, address: address))
        guard sent.status == 200, let code = receiver.lastCode(for: phone) else {
            throw LoginError(status: sent.status)
        }
        return try send(Self.verifyOTP(phone, code, address: address))
    }

    struct LoginError: Error { let status: Int }

    /// The OTP keys of a number that exist now.
    func phoneKeys(_ phone: String) throws -> [String] {
        try fixture.store.redisKeys(matching: "gh:{p:\(phone)}:*")
    }
}

extension APIResponse {
    /// The `name=value` part of the first `Set-Cookie`.
    var sessionCookie: String? {
        headers.values("Set-Cookie").first.flatMap { $0.split(separator: ";").first.map(String.init) }
    }
}
