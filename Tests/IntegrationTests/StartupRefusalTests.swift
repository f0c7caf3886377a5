import Foundation
import GatehouseCore
import Testing

/// SPEC §9 through each executable's real invocation: a required setting missing, or any deployed
/// setting invalid, stops the process at start-up with a message naming the variable (never its
/// value), as CGI (500 without internals), as an event (non-zero exit) and for gatehouse-server
/// (non-zero exit before it listens).
@Suite("Every executable refuses to start without a setting it needs, naming the variable")
struct StartupRefusalTests {
    /// A broken environment and the variable the refusal must name.
    struct Case: CustomStringConvertible {
        let environment: [String: String]
        let variable: String
        let description: String
    }

    /// The environment every deployment gives these functions, with test values.
    static func deployed(_ functions: [FunctionName], redisURL: String) -> [String: String] {
        let valid = DeploymentTestValues.valid(redisURL: redisURL)
        var environment = ["PATH": "/usr/bin:/bin"]
        for function in functions {
            for variable in RouteCatalog.function(function).deployedVariables {
                environment[variable.name] = valid[variable.name]
            }
        }
        return environment
    }

    /// Each required setting removed, each deployed setting made invalid, each secret's file missing.
    static func cases(_ functions: [FunctionName], redisURL: String) -> [Case] {
        let good = deployed(functions, redisURL: redisURL)
        let variables = functions.flatMap { RouteCatalog.function($0).settings.flatMap(\.variables) }
        var cases: [Case] = []
        for variable in variables where variable.isRequired && !cases.contains(where: { $0.variable == variable.name })
        {
            var environment = good
            environment[variable.name] = nil
            cases.append(Case(environment: environment, variable: variable.name, description: "\(variable.name) unset"))
        }
        for variable in variables where variable.isDeployed {
            if let bad = DeploymentTestValues.invalid[variable.name],
                !cases.contains(where: { $0.description == "\(variable.name) invalid" })
            {
                var environment = good
                environment[variable.name] = bad
                cases.append(
                    Case(environment: environment, variable: variable.name, description: "\(variable.name) invalid"))
            }
            if variable.isSecret, !cases.contains(where: { $0.variable == variable.name + "_FILE" }) {
                var environment = good
                environment[variable.name] = nil
                environment[variable.name + "_FILE"] = "/nonexistent/\(variable.name.lowercased())"
                cases.append(
                    Case(
                        environment: environment, variable: variable.name + "_FILE",
                        description: "\(variable.name)_FILE unreadable"))
            }
        }
        return cases
    }

    @Test("each function as a CGI program and from an event", arguments: FunctionName.allCases)
    func function(_ function: FunctionName) throws {
        let redis = try RedisTestServer()
        let route = RouteCatalog.routes(of: function)[0]
        let path = CatalogRequests.path(route, tenant: "acme")
        #expect(
            try FunctionProcess.cgi(
                function.rawValue, APIRequest(method: route.method, path: path),
                configuration: Self.deployed([function], redisURL: redis.url)
            ).response.status != 500,
            "\(function) starts with what its deployment files give it")
        let cases = Self.cases([function], redisURL: redis.url)
        #expect(cases.count >= 4)
        for broken in cases {
            let (response, stderr) = try FunctionProcess.cgi(
                function.rawValue, APIRequest(method: route.method, path: path),
                configuration: broken.environment)
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(response.status == 500, "\(function), \(broken): CGI answered \(response.status) \(body)")
            #expect(
                body.contains("misconfigured") && !body.contains(broken.variable), "\(function), \(broken): \(body)")
            #expect(stderr.contains(broken.variable), "\(function), \(broken): stderr \(stderr)")

            let event = JSONValue.object([
                "version": "2.0", "rawPath": .string(path), "rawQueryString": "",
                "requestContext": ["http": ["method": .string(route.method), "path": .string(path)]], "headers": [:],
            ])
            let output = try FunctionProcess.run(
                function.rawValue, environment: broken.environment, input: event.serialized())
            #expect(output.exitCode != 0, "\(function), \(broken): the event run exited 0")
            #expect(output.stderr.contains(broken.variable), "\(function), \(broken): stderr \(output.stderr)")
            for secret in [
                TestSigningKeys.privateJSON, DeploymentTestValues.serverSecret, DeploymentTestValues.webhookSecret,
            ] {
                #expect(!output.stderr.contains(secret) && !stderr.contains(secret), "\(function): a secret was logged")
            }
        }
    }

    @Test("gatehouse-server exits non-zero before listening, naming the variable")
    func server() throws {
        let redis = try RedisTestServer()
        let cases = Self.cases(FunctionName.allCases, redisURL: redis.url)
        #expect(
            cases.contains { $0.variable == "GATEHOUSE_OTP_SENDER" }
                && cases.contains { $0.variable == "GATEHOUSE_SERVER_SECRET" })
        for broken in cases {
            let port = try TestPorts.free()
            let (status, output) = try runTool(
                BuiltProducts.path("gatehouse-server"), ["--port", String(port)], environment: broken.environment)
            #expect(status != 0, "\(broken): gatehouse-server exited \(status): \(output)")
            #expect(output.contains(broken.variable), "\(broken): \(output)")
            #expect(!TestPorts.isListening(port))
        }
    }
}
