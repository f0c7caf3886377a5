import Foundation
import GatehouseCore
import Testing

@Suite("RedisClient against a server that declares a huge reply array")
struct RedisReplyBoundTests {
    @Test("an array header over maximumReplyElements fails the connection as out of memory (503), not allocated")
    func hugeArrayIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("redis.sock").path
        // A one-connection "Redis" that answers the first command with the header FuzzRedisReply found,
        // then keeps the connection open (so an unbounded reader waits for elements until it times out).
        let script = """
            import socket, sys
            server = socket.socket(socket.AF_UNIX)
            server.bind(sys.argv[1])
            server.listen(1)
            print("ready", flush=True)
            connection, _ = server.accept()
            connection.recv(65536)
            connection.sendall(b"*555555551\\r\\n")
            connection.recv(1)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            // Reaped, so Foundation releases the Process, its Pipe and run-loop source (else LeakSanitizer
            // reports them at exit under infra/sanitize).
            process.terminate()
            process.waitUntilExit()
        }
        #expect(output.fileHandleForReading.readData(ofLength: 6).count == 6, "the fake server did not start")
        let client = RedisClient(configuration: try RedisConfiguration(url: "unix://\(path)"))
        do {
            _ = try client.command(["PING"])
            Issue.record("a reply declaring 555,555,551 elements was accepted")
        } catch {
            #expect(error.isUnavailable, "\(error)")
            #expect(error.kind == .connection && error.description.contains("out of memory"), "\(error)")
        }
    }
}
