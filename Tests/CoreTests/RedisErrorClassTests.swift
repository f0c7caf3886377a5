import Testing

@testable import GatehouseCore

@Suite("which Redis errors mean Redis is unwell (503) and which a wrong command (500)")
struct RedisErrorClassTests {
    @Test(
        "an unwell server's error replies are unavailable, named by their code",
        arguments: [
            ("LOADING Redis is loading the dataset in memory", "LOADING"),
            ("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.", "BUSY"),
            ("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", "MASTERDOWN"),
            ("READONLY You can't write against a read only replica. script: 71e6, on @user_script:1.", "READONLY"),
            ("TRYAGAIN Multiple keys request during rehashing of slot", "TRYAGAIN"),
            ("CLUSTERDOWN The cluster is down", "CLUSTERDOWN"),
            ("OOM command not allowed when used memory > 'maxmemory'. script: 37be, on @user_script:1.", "OOM"),
            ("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist", "MISCONF"),
            ("NOREPLICAS Not enough good replicas to write.", "NOREPLICAS"),
            (
                "ERR Error running script (call to f_1): @user_script:1: -OOM command not allowed when used memory",
                "OOM"
            ),
        ])
    func unavailable(message: String, errorClass: String) {
        let error = RedisError.server(message)
        #expect(error.isUnavailable)
        #expect(error.errorClass == errorClass)
        #expect(!error.description.contains("maxmemory") && !error.description.contains("script"))
    }

    @Test("a wrong command stays a server error; transport failures are unavailable by kind")
    func others() {
        #expect(!RedisError.server("ERR unknown command 'FOO'").isUnavailable)
        #expect(!RedisError.server("WRONGTYPE Operation against a key holding the wrong kind of value").isUnavailable)
        #expect(RedisError.timeout("reply timed out").errorClass == "timeout")
        #expect(RedisError.connection("closed").isUnavailable)
    }
}
