import Foundation
import GatehouseCore
import Testing

@Suite("RedisClient against redis-server")
struct RedisClientTests {
    let shared = RedisTestServer.shared

    @Test("SET, GET, INCR, DEL, LRANGE and a missing key give the expected reply types")
    func basicCommands() throws {
        let client = try shared.client()
        let key = RedisTestServer.uniqueKey("basic")
        let list = RedisTestServer.uniqueKey("list")
        #expect(try client.command(["SET", .string(key), "hello"]) == .status("OK"))
        #expect(try client.command(["GET", .string(key)]).stringValue == "hello")
        #expect(try client.command(["DEL", .string(key)]) == .integer(1))
        #expect(try client.command(["GET", .string(key)]) == .null)
        #expect(try client.command(["INCRBY", .string(key), RedisArgument(41)]) == .integer(41))
        #expect(try client.command(["INCR", .string(key)]).integerValue == 42)
        _ = try client.command(["RPUSH", .string(list), "a", "b", .integer(3)])
        #expect(
            try client.command(["LRANGE", .string(list), 0, -1])
                == .array([.string([97]), .string([98]), .string([51])]))
        _ = try client.command(["DEL", .string(key), .string(list)])
    }

    @Test("keys and values are binary-safe: NUL, CR/LF and non-UTF-8 bytes round-trip exactly")
    func binarySafety() throws {
        let client = try shared.client()
        let key: [UInt8] = Array(RedisTestServer.uniqueKey("bin").utf8) + [0, 13, 10, 0xff]
        let value: [UInt8] = [0, 1, 2, 0, 255, 13, 10, 0x80, 0]
        #expect(try client.command(["SET", .bytes(key), .bytes(value)]) == .status("OK"))
        #expect(try client.command(["GET", .bytes(key)]).bytes == value)
        #expect(try client.command(["STRLEN", .bytes(key)]) == .integer(Int64(value.count)))
        #expect(try client.command(["SET", .bytes(key), ""]) == .status("OK"))
        #expect(try client.command(["GET", .bytes(key)]) == .string([]))
        _ = try client.command(["DEL", .bytes(key)])
    }

    @Test("an error reply is thrown by command() as a server error, and returned in place by pipeline()")
    func serverErrors() throws {
        let client = try shared.client()
        let key = RedisTestServer.uniqueKey("wrongtype")
        _ = try client.command(["RPUSH", .string(key), "x"])
        do {
            _ = try client.command(["GET", .string(key)])
            Issue.record("GET on a list did not throw")
        } catch {
            #expect(error.kind == .server)
            #expect(!error.isUnavailable)
            #expect(error.description == "redis server: WRONGTYPE")
        }
        let replies = try client.pipeline([["GET", .string(key)], ["LLEN", .string(key)]])
        #expect(replies.count == 2)
        #expect(replies[0].errorMessage?.hasPrefix("WRONGTYPE") == true)
        #expect(replies[1] == .integer(1))
        // The connection is still usable after error replies.
        #expect(try client.command(["PING"]) == .status("PONG"))
        _ = try client.command(["DEL", .string(key)])
    }

    @Test("an empty command is refused without a round trip or a timeout")
    func emptyCommand() throws {
        let client = try shared.client()
        #expect(throws: RedisError.server("ERR empty command")) { _ = try client.command([]) }
        #expect(try client.pipeline([[], ["PING"]]) == [.error("ERR empty command"), .status("PONG")])
        #expect(try client.pipeline([] as [[RedisArgument]]) == [])
    }

    @Test("a pipeline of 50 commands is one round trip: the server processes one read for all of them")
    func pipelineIsOneRoundTrip() throws {
        let server = try RedisTestServer()
        let client = try server.client()
        func readsProcessed() throws -> Int {
            let info = try #require(try client.command(["INFO", "stats"]).stringValue)
            let line = try #require(
                info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_reads_processed:") })
            return try #require(Int(line.split(separator: ":")[1]))
        }
        let before = try readsProcessed()
        let replies = try client.pipeline((0..<50).map { ["ECHO", RedisArgument($0)] })
        let afterPipeline = try readsProcessed()
        #expect(replies == (0..<50).map { .string(Array(String($0).utf8)) })
        // One read for the pipeline, one for the INFO that measures it.
        #expect(afterPipeline - before == 2, "the pipeline took \(afterPipeline - before - 1) reads")

        for number in 0..<10 { _ = try client.command(["ECHO", RedisArgument(number)]) }
        let afterSingles = try readsProcessed()
        #expect(afterSingles - afterPipeline == 11, "the control measurement is off: \(afterSingles - afterPipeline)")
    }

    @Test("evaluate uses EVALSHA, falls back to EVAL on NOSCRIPT, and recovers after SCRIPT FLUSH")
    func scriptFallback() throws {
        let server = try RedisTestServer()
        let client = try server.client()
        let script = RedisScript("return {KEYS[1], ARGV[1], redis.call('INCR', KEYS[1])}")
        let key = RedisTestServer.uniqueKey("script")
        func calls(_ command: String) throws -> Int {
            let info = try #require(try client.command(["INFO", "commandstats"]).stringValue)
            guard
                let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_\(command):") })
            else { return 0 }
            let field = try #require(line.split(separator: ",").first { $0.contains("calls=") })
            return try #require(Int(field.split(separator: "=")[1]))
        }

        #expect(try client.command(["SCRIPT", "EXISTS", .string(script.sha1)]) == .array([.integer(0)]))
        let first = try client.evaluate(script, keys: [.string(key)], arguments: ["a"])
        #expect(first == .array([.string(Array(key.utf8)), .string([97]), .integer(1)]))
        #expect(try client.command(["SCRIPT", "EXISTS", .string(script.sha1)]) == .array([.integer(1)]))
        #expect(try calls("eval") == 1)

        let second = try client.evaluate(script, keys: [.string(key)], arguments: ["b"])
        #expect(second.arrayValue?.last == .integer(2))
        #expect(try calls("eval") == 1, "a loaded script was sent with EVAL again")

        _ = try client.command(["SCRIPT", "FLUSH"])
        let third = try client.evaluate(script, keys: [.string(key)], arguments: ["c"])
        #expect(third.arrayValue?.last == .integer(3))
        #expect(try calls("eval") == 2)
    }

    @Test("a script error is thrown as a server error")
    func scriptError() throws {
        let client = try shared.client()
        let script = RedisScript("return redis.error_reply('LIMIT reached')")
        #expect(throws: RedisError.server("LIMIT reached")) {
            _ = try client.evaluate(script, keys: [], arguments: [])
        }
    }

    @Test("a mixed pipeline after SCRIPT FLUSH runs in order; a flushed last script is re-sent alone as EVAL")
    func mixedPipeline() throws {
        let server = try RedisTestServer()
        let client = try server.client()
        let key = RedisTestServer.uniqueKey("mixed")
        let add = RedisScript("return redis.call('HINCRBY', KEYS[1], 'n', ARGV[1])")
        let double = RedisScript("return redis.call('HINCRBY', KEYS[1], 'n', redis.call('HGET', KEYS[1], 'n'))")
        let fails = RedisScript("return redis.error_reply('NOPE by design')")
        _ = try client.evaluate(add, keys: [.string(key)], arguments: [0])
        _ = try client.evaluate(double, keys: [.string(key)], arguments: [])
        _ = try client.command(["SCRIPT", "FLUSH"])
        let evalsBefore = try commandCalls("eval", client)

        let replies = try client.pipeline([
            .command(["HSET", .string(key), "name", "gate"]),
            .script(add, keys: [.string(key)], arguments: [5]),
            .command(["HGET", .string(key), "n"]),
            .script(fails, keys: [], arguments: []),
            .command(["HGET", .string(key), "name"]),
            .script(double, keys: [.string(key)], arguments: []),
        ])
        #expect(replies.count == 6)
        #expect(replies[0] == .integer(1))
        #expect(replies[1] == .integer(5))
        #expect(replies[2].stringValue == "5", "a command after a flushed script ran before it")
        #expect(replies[3] == .error("NOPE by design"))
        #expect(replies[4].stringValue == "gate")
        #expect(replies[5] == .integer(10))
        // Only the last script went through NOSCRIPT and EVAL; HSET and HGET were not re-sent.
        #expect(try commandCalls("eval", client) == evalsBefore + 1)
        #expect(try commandCalls("hset", client) == 1)
        #expect(try client.command(["HGET", .string(key), "n"]).stringValue == "10")
    }

    /// How often the server has run `command`, from INFO commandstats.
    private func commandCalls(_ command: String, _ client: RedisClient) throws -> Int {
        let info = try #require(try client.command(["INFO", "commandstats"]).stringValue)
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_\(command):") })
        else { return 0 }
        let field = try #require(line.split(separator: ",").first { $0.contains("calls=") })
        return try #require(Int(field.split(separator: "=")[1]))
    }

    @Test("the database from the URL is selected on connect")
    func selectsDatabase() throws {
        guard !shared.isExternal else { return }
        let key = RedisTestServer.uniqueKey("db")
        let inDatabase3 = RedisClient(configuration: try RedisConfiguration(url: shared.url + "?db=3"))
        let inDatabase0 = try shared.client()
        _ = try inDatabase3.command(["SET", .string(key), "x"])
        #expect(try inDatabase3.command(["EXISTS", .string(key)]) == .integer(1))
        #expect(try inDatabase0.command(["EXISTS", .string(key)]) == .integer(0))
        _ = try inDatabase3.command(["DEL", .string(key)])
    }

    @Test("the client connects lazily: creating one for a dead address does nothing")
    func lazyConnect() throws {
        let client = RedisClient(configuration: try RedisConfiguration(url: "unix:///nonexistent/gatehouse.sock"))
        #expect(!client.isConnected)
        let live = try shared.client()
        #expect(!live.isConnected)
        _ = try live.command(["PING"])
        #expect(live.isConnected)
        live.close()
        #expect(!live.isConnected)
        #expect(try live.command(["PING"]) == .status("PONG"))
    }

    @Test("a socket path with no server fails fast with a connection error")
    func noServer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-none-\(UUID())")
        let client = RedisClient(
            configuration: try RedisConfiguration(url: "unix://\(directory.path)/redis.sock?password=hunter2secret"))
        let started = ContinuousClock.now
        do {
            _ = try client.command(["PING"])
            Issue.record("PING to a missing socket succeeded")
        } catch {
            #expect(error.kind == .connection)
            #expect(error.isUnavailable)
            #expect(!error.description.contains("hunter2secret"))
        }
        #expect(ContinuousClock.now - started < .milliseconds(200))
    }

    @Test("a TCP port with no listener fails fast with a connection error")
    func noTCPServer() throws {
        let server = try RedisTestServer(tcp: true)
        let url = try #require(server.tcpURL)
        server.stop()
        let client = RedisClient(configuration: try RedisConfiguration(url: url))
        #expect {
            _ = try client.command(["PING"])
        } throws: { error in
            (error as? RedisError)?.kind == .connection
        }
    }

    @Test("TCP works like the unix socket")
    func tcp() throws {
        let server = try RedisTestServer(tcp: true)
        let client = try server.client(tcp: true)
        #expect(try client.command(["PING"]) == .status("PONG"))
    }

    @Test("a command slower than the command timeout throws a timeout; the client recovers afterwards")
    func commandTimeout() throws {
        let server = try RedisTestServer(arguments: ["--enable-debug-command", "yes"])
        let client = try server.client(commandTimeoutMilliseconds: 200)
        #expect(try client.command(["PING"]) == .status("PONG"))
        let started = ContinuousClock.now
        do {
            _ = try client.command(["DEBUG", "SLEEP", "1"])
            Issue.record("DEBUG SLEEP 1 did not time out")
        } catch {
            #expect(error.kind == .timeout, "got \(error)")
            #expect(error.isUnavailable)
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(180) && elapsed < .milliseconds(800), "timed out after \(elapsed)")
        #expect(!client.isConnected, "the timed-out connection was kept")
        Thread.sleep(forTimeInterval: 1.0)
        #expect(try client.command(["PING"]) == .status("PONG"))
    }

    @Test("Redis stopped mid-life gives an unavailable error; once restarted the same client works again")
    func restart() throws {
        let server = try RedisTestServer()
        let client = try server.client()
        let key = RedisTestServer.uniqueKey("restart")
        _ = try client.command(["SET", .string(key), "1"])

        server.stop()
        for attempt in 1...2 {
            do {
                _ = try client.command(["GET", .string(key)])
                Issue.record("command \(attempt) against a stopped server succeeded")
            } catch {
                #expect(error.isUnavailable, "attempt \(attempt): \(error)")
                #expect(error.kind == .connection, "attempt \(attempt): \(error)")
            }
        }

        try server.start()
        #expect(try client.command(["PING"]) == .status("PONG"))
        #expect(try client.command(["GET", .string(key)]) == .null, "no persistence, so the key is gone")
    }

    @Test("a wrong password is a clear connection error that does not contain the password")
    func wrongPassword() throws {
        let server = try RedisTestServer(password: "right-horse-battery")
        let socket = try #require(server.socketPath)
        let wrong = RedisClient(
            configuration: try RedisConfiguration(url: "unix://\(socket)?password=hunter2secret"))
        do {
            _ = try wrong.command(["PING"])
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.kind == .connection)
            #expect(error.description.contains("authentication failed"), "\(error)")
            #expect(!error.description.contains("hunter2secret"))
            #expect(error.serverMessage == nil)
        }
        #expect(!wrong.isConnected)

        let right = try server.client()
        #expect(try right.command(["PING"]) == .status("PONG"))

        let withUser = RedisClient(
            configuration: try RedisConfiguration(url: "unix://\(socket)?username=default&password=right-horse-battery")
        )
        #expect(try withUser.command(["PING"]) == .status("PONG"))
    }
}
