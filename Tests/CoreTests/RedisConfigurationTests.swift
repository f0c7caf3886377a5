import GatehouseCore
import Testing

@Suite("RedisConfiguration")
struct RedisConfigurationTests {
    @Test("the built-in local default is exactly what redis://127.0.0.1:6379 parses to")
    func localDefault() throws {
        #expect(RedisConfiguration.localDefault == (try RedisConfiguration(url: "redis://127.0.0.1:6379")))
    }

    @Test("redis:// with user, password, port and database parses every part")
    func fullTCPURL() throws {
        let configuration = try RedisConfiguration(url: "redis://gate:s3cr%40t@cache.internal:6380/3")
        #expect(configuration.mode == .standalone)
        #expect(configuration.endpoints == [.tcp(host: "cache.internal", port: 6380)])
        #expect(configuration.username == "gate")
        #expect(configuration.password == "s3cr@t")
        #expect(configuration.database == 3)
        #expect(configuration.connectTimeout == .milliseconds(250))
        #expect(configuration.commandTimeout == .milliseconds(500))
    }

    @Test("the scheme is matched in any case and whitespace around the URL is ignored; hosts are ASCII")
    func schemeCaseAndWhitespace() throws {
        let expected = try RedisConfiguration(url: "redis://cache.internal:6380/2")
        for url in ["REDIS://cache.internal:6380/2", "  Redis://cache.internal:6380/2\n", "\tredis://cache.internal:6380/2 "] {
            #expect(try RedisConfiguration(url: url) == expected, "\(url)")
        }
        #expect(try RedisConfiguration(url: "redis://[::1]:7000").endpoints == [.tcp(host: "::1", port: 7000)])
        #expect(try RedisConfiguration(url: "redis-cluster://a:7000,b,c:7002").endpoints == [
            .tcp(host: "a", port: 7000), .tcp(host: "b", port: 6379), .tcp(host: "c", port: 7002),
        ])
        for bad in ["redis://café.internal", "redis://host name", "redis://cache.internal:6380?db=1", "redis:/host", "é://host"] {
            #expect(throws: RedisConfigurationError.self, "\(bad)") { try RedisConfiguration(url: bad) }
        }
    }

    @Test("redis://host alone defaults to port 6379, database 0, no credentials")
    func minimalTCPURL() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.endpoints == [.tcp(host: "localhost", port: 6379)])
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == 0)
    }

    @Test("redis://:password@host is a password without a user; the last @ ends the user info")
    func passwordOnly() throws {
        let configuration = try RedisConfiguration(url: "redis://:p@ss@127.0.0.1/")
        #expect(configuration.username == nil)
        #expect(configuration.password == "p@ss")
        #expect(configuration.endpoints == [.tcp(host: "127.0.0.1", port: 6379)])
        #expect(configuration.database == 0)
    }

    @Test("IPv6 hosts go in brackets")
    func ipv6() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7000/1")
        #expect(configuration.endpoints == [.tcp(host: "::1", port: 7000)])
        #expect(configuration.redactedURL == "redis://[::1]:7000/1")
    }

    @Test("unix:// takes a socket path and db, password and username parameters")
    func unixURL() throws {
        let configuration = try RedisConfiguration(
            url: "unix:///run/redis/redis.sock?db=2&password=a%26b&username=gate")
        #expect(configuration.endpoints == [.unix(path: "/run/redis/redis.sock")])
        #expect(configuration.database == 2)
        #expect(configuration.password == "a&b")
        #expect(configuration.username == "gate")
        #expect(configuration.redactedURL == "unix:///run/redis/redis.sock?db=2&username=gate&password=***")
    }

    @Test("redis-cluster:// lists seed nodes in order")
    func clusterURL() throws {
        let configuration = try RedisConfiguration(url: "redis-cluster://:pw@10.0.0.1:7000,10.0.0.2,[::1]:7002")
        #expect(configuration.mode == .cluster)
        #expect(
            configuration.endpoints == [
                .tcp(host: "10.0.0.1", port: 7000), .tcp(host: "10.0.0.2", port: 6379), .tcp(host: "::1", port: 7002),
            ])
        #expect(configuration.password == "pw")
        #expect(configuration.redactedURL == "redis-cluster://:***@10.0.0.1:7000,10.0.0.2:6379,[::1]:7002")
    }

    @Test("redis-sentinel:// lists sentinels (port 26379 by default), then the master name and database as its path")
    func sentinelURL() throws {
        let configuration = try RedisConfiguration(
            url: "redis-sentinel://gate:p%40ss@10.0.0.1:26380,10.0.0.2,[::1]:26381/my-master_1.eu/2")
        #expect(configuration.mode == .sentinel(master: "my-master_1.eu"))
        #expect(
            configuration.endpoints == [
                .tcp(host: "10.0.0.1", port: 26380), .tcp(host: "10.0.0.2", port: 26379),
                .tcp(host: "::1", port: 26381),
            ])
        #expect(configuration.username == "gate")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == 2)
        #expect(
            configuration.redactedURL
                == "redis-sentinel://gate:***@10.0.0.1:26380,10.0.0.2:26379,[::1]:26381/my-master_1.eu/2")
        let minimal = try RedisConfiguration(url: "REDIS-SENTINEL://s1/mymaster")
        #expect(minimal.mode == .sentinel(master: "mymaster"))
        #expect(minimal.database == 0)
        #expect(minimal.password == nil)
        #expect(minimal.redactedURL == "redis-sentinel://s1:26379/mymaster")
    }

    @Test("timeouts come from the initializer")
    func timeouts() throws {
        let configuration = try RedisConfiguration(
            url: "redis://h", connectTimeoutMilliseconds: 1000, commandTimeoutMilliseconds: 20)
        #expect(configuration.connectTimeout == .seconds(1))
        #expect(configuration.commandTimeout == .milliseconds(20))
    }

    @Test("redactedURL, description and dump never show the password")
    func redaction() throws {
        let configuration = try RedisConfiguration(url: "redis://gate:hunter2secret@h:1/4")
        #expect(configuration.redactedURL == "redis://gate:***@h:1/4")
        #expect(!configuration.description.contains("hunter2secret"))
        #expect(!String(reflecting: configuration).contains("hunter2secret"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("hunter2secret"))
        #expect(dumped.contains("***"))
    }

    static let badURLs: [(url: String, reason: RedisConfigurationError.Reason, mentions: String)] = [
        ("", .empty, "empty"),
        ("   ", .empty, "empty"),
        ("cache.internal:6379", .unsupportedScheme, "scheme"),
        ("http://hunter2secret@h", .unsupportedScheme, "'http'"),
        ("rediss://:hunter2secret@h", .unsupportedScheme, "TLS"),
        ("redis://", .missingHost, "no host"),
        ("redis://:hunter2secret@", .missingHost, "no host"),
        ("redis://:hunter2secret@:6379", .missingHost, "empty host"),
        ("redis://:hunter2secret", .missingHost, "empty host"),
        ("redis://:hunter2secret@h:0", .invalidPort, "port"),
        ("redis://:hunter2secret@h:65536", .invalidPort, "port"),
        ("redis://:hunter2secret@h:63x9", .invalidPort, "port"),
        ("redis://:hunter2secret@h/x", .invalidDatabase, "database"),
        ("redis://:hunter2secret@h/-1", .invalidDatabase, "database"),
        ("redis://:hunter2secret@h?db=1", .unsupportedParameter, "query"),
        ("redis://:hunter2secret@h1,h2", .missingHost, "redis-cluster://"),
        ("redis://:hunter2secret@[::1", .missingHost, "bracket"),
        ("redis://:hunter2secret@ho st", .missingHost, "host"),
        ("redis://user:hunter2secret%zz@h", .invalidCredentials, "password"),
        ("redis://user@h", .invalidCredentials, "no password"),
        ("redis-cluster://:hunter2secret@h1:7000,,h3:7002", .missingHost, "empty host"),
        ("redis-cluster://:hunter2secret@h1:7000/2", .invalidDatabase, "database"),
        ("redis-sentinel://:hunter2secret@s1:26379", .invalidMasterName, "master name"),
        ("redis-sentinel://:hunter2secret@s1:26379/", .invalidMasterName, "master name"),
        ("redis-sentinel://:hunter2secret@s1/my%20master", .invalidMasterName, "master name"),
        ("redis-sentinel://:hunter2secret@s1/mymaster/x", .invalidDatabase, "database"),
        ("redis-sentinel://:hunter2secret@s1/mymaster/1/2", .invalidDatabase, "database"),
        ("redis-sentinel://:hunter2secret@/mymaster", .missingHost, "no host"),
        ("redis-sentinel://:hunter2secret@s1,,s3/mymaster", .missingHost, "empty host"),
        ("redis-sentinel://:hunter2secret@s1:99999/mymaster", .invalidPort, "port"),
        ("redis-sentinel://:hunter2secret@s1/mymaster?db=1", .unsupportedParameter, "redis-sentinel://"),
        ("redis-sentinel://user@s1/mymaster", .invalidCredentials, "no password"),
        ("rediss-sentinel://:hunter2secret@s1/mymaster", .unsupportedScheme, "TLS"),
        ("sentinel://:hunter2secret@s1/mymaster", .unsupportedScheme, "redis-sentinel://"),
        ("unix://", .missingSocketPath, "socket path"),
        ("unix://relative.sock?password=hunter2secret", .missingSocketPath, "absolute"),
        ("unix:///r.sock?password=hunter2secret&db=x", .invalidDatabase, "db"),
        ("unix:///r.sock?password=hunter2secret&secret=1", .unsupportedParameter, "unsupported query parameter"),
        ("unix:///r.sock?hunter2secret", .unsupportedParameter, "unsupported query parameter"),
        ("unix:///r.sock?password=hunter2secret&password=x", .unsupportedParameter, "repeats"),
        ("unix:///r.sock?password=hunter2secret%4", .invalidCredentials, "password"),
        ("unix:///r.sock?username=gate", .invalidCredentials, "no password"),
    ]

    @Test("a bad URL is refused with an error naming the problem and never the password", arguments: badURLs)
    func badURL(url: String, reason: RedisConfigurationError.Reason, mentions: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            guard let error = error as? RedisConfigurationError else { return false }
            #expect(error.reason == reason, "wrong reason for \(url): \(error)")
            #expect(error.description.contains(mentions), "'\(error)' does not mention '\(mentions)'")
            #expect(!error.description.contains("hunter2secret"), "the password leaked: \(error)")
            return true
        }
    }

    @Test("non-positive timeouts are refused")
    func badTimeouts() {
        #expect(throws: RedisConfigurationError.self) {
            _ = try RedisConfiguration(url: "redis://h", connectTimeoutMilliseconds: 0)
        }
        #expect(throws: RedisConfigurationError.self) {
            _ = try RedisConfiguration(url: "redis://h", commandTimeoutMilliseconds: -5)
        }
    }
}
