import Foundation
import GatehouseCore
import Testing

/// infra/lambda/template.yaml read as CloudFormation would deploy it (cfn-lint, aws-sam-translator),
/// then every function's zip run in ministack with exactly the environment the template gives it.
@Suite("SAM template: cfn-lint clean, every route an event, every function started in ministack with its environment")
struct SAMTemplateTests {
    /// The Python with cfn-lint and aws-sam-translator: `GATEHOUSE_SAM_TOOLS_PYTHON` (infra/test
    /// sets it), else the virtual environment infra/lib.sh installs.
    static var python: String {
        ProcessInfo.processInfo.environment["GATEHOUSE_SAM_TOOLS_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent(".build/sam-tools-venv/bin/python").path
    }

    static let template = repositoryRoot.appendingPathComponent("infra/lambda/template.yaml").path

    /// One function as the translated template describes it.
    struct LambdaFunction {
        let zip: String
        let environment: [String: String]
        let given: [String: String]
        let routes: Set<String>
    }

    /// The template's functions, environments resolved from these parameter and secret values.
    static func functions(parameters: [String: String], secrets: [String: String]) throws -> [String: LambdaFunction] {
        let secretDocument = JSONValue.object(JSONObject([("gatehouse-test", .strings(secrets))]))
        let (status, output) = try runTool(
            python,
            [
                repositoryRoot.appendingPathComponent("Tests/Fixtures/sam-template.py").path, template,
                JSONValue.strings(parameters).jsonText, secretDocument.jsonText,
            ])
        guard status == 0, let all = try JSONValue.parse(output).objectValue else {
            throw SupervisedProcessError("sam-template.py failed (\(status)): \(output)")
        }
        var functions: [String: LambdaFunction] = [:]
        for (logicalID, function) in all.members {
            let routes = (function["routes"]?.arrayValue ?? []).map { route in
                (route.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
            }
            functions[logicalID] = LambdaFunction(
                zip: function["zip"]?.stringValue ?? "", environment: function["environment"]?.strings ?? [:],
                given: function["given"]?.strings ?? [:], routes: Set(routes))
        }
        return functions
    }

    @Test("cfn-lint finds nothing wrong with the template")
    func cfnLint() throws {
        let cfnLint = URL(fileURLWithPath: Self.python).deletingLastPathComponent().appendingPathComponent("cfn-lint")
            .path
        let (status, output) = try runTool(cfnLint, ["--", Self.template])
        #expect(status == 0, "cfn-lint: \(output)")
    }

    @Test("each function is given exactly the variables it reads (secrets by reference) and every route is an event")
    func translatedTemplate() throws {
        let functions = try Self.functions(
            parameters: Self.parameters(otpWebhookURL: "https://hooks.test/otp"),
            secrets: DeploymentTestValues.secretFiles(redisURL: "redis://127.0.0.1:6379"))
        #expect(Set(functions.values.map(\.zip)) == Set(FunctionName.allCases.map { "\($0.rawValue).zip" }))
        for description in RouteCatalog.functions {
            let function = try #require(functions.values.first { $0.zip == "\(description.name.rawValue).zip" })
            #expect(
                Set(function.environment.keys) == Set(description.deployedVariables.map(\.name)), "\(description.name)")
            for variable in description.deployedVariables {
                #expect(
                    function.given[variable.name] == (variable.isSecret ? "secret-reference" : "parameter"),
                    "\(description.name): \(variable.name) is given as \(function.given[variable.name] ?? "nothing")")
            }
            let routes = Set(RouteCatalog.routes(of: description.name).map { "\($0.method) \($0.pattern)" })
            #expect(function.routes == routes, "\(description.name)")
        }
    }

    static func parameters(otpWebhookURL: String) -> [String: String] {
        [
            "Issuer": DeploymentTestValues.issuer, "Audience": DeploymentTestValues.audience, "OtpSender": "webhook",
            "OtpWebhookUrl": otpWebhookURL, "SecretArn": "gatehouse-test",
            "SubnetIds": "subnet-0", "SecurityGroupIds": "sg-0",
        ]
    }

    @Test("every function, started in ministack with the template's environment, answers each of its routes")
    func everyFunctionInMinistack() throws {
        let redis = try RedisTestServer()
        let fixture = try GatehouseFixture(redisURL: redis.url)
        let trap = try ConnectionCounter()
        let functions = try Self.functions(
            parameters: Self.parameters(otpWebhookURL: "http://127.0.0.1:\(trap.port)/otp"),
            secrets: DeploymentTestValues.secretFiles(redisURL: redis.url))
        let ministack = try Ministack()
        let (built, buildOutput) = try runTool(
            repositoryRoot.appendingPathComponent("infra/lambda/build").path,
            ["--from-bin", BuiltProducts.directory.path, "--out", ministack.state.path],
            environment: ProcessInfo.processInfo.environment)
        #expect(built == 0, "\(buildOutput)")

        var called = 0
        for (logicalID, function) in functions.sorted(by: { $0.key < $1.key }) {
            let base = try ministack.deploy(
                name: "gatehouse-\(logicalID)", zip: ministack.state.appendingPathComponent(function.zip),
                environment: function.environment)
            let name = String(function.zip.dropLast(".zip".count))
            for route in RouteCatalog.routes where route.function.rawValue == name {
                try CatalogRequests.expectOwnerAnswers(
                    route, base: base, fixture: fixture, timeout: 60, context: "\(name): \(ministack.log())")
                called += 1
            }
        }
        #expect(called == RouteCatalog.routes.count, "every route of the catalog was called")
        #expect(!trap.wasContacted, "no OTP was sent")
    }
}

extension Ministack {
    /// Creates a `provided.al2023` function from a zip with this environment and a Function URL for
    /// it; returns the URL's base on ministack's port.
    func deploy(name: String, zip: URL, environment: [String: String]) throws -> String {
        let code = try Data(contentsOf: zip)
        let (created, function) = try api(
            "POST", "/2015-03-31/functions",
            [
                "FunctionName": .string(name), "Runtime": "provided.al2023", "Handler": "bootstrap",
                "Role": "arn:aws:iam::000000000000:role/gatehouse", "Timeout": 10,
                "Code": ["ZipFile": .string(Base64.encode(Array(code)))],
                "Environment": ["Variables": .strings(environment)],
            ])
        guard created == 201 else { throw SupervisedProcessError("create \(name): \(created) \(function)") }
        let (urlCreated, urlConfig) = try api("POST", "/2021-10-31/functions/\(name)/url", ["AuthType": "NONE"])
        guard urlCreated == 201, let functionURL = urlConfig["FunctionUrl"]?.stringValue,
            let urlID = functionURL.split(separator: "/").dropFirst().first?.split(separator: ".").first
        else { throw SupervisedProcessError("function URL for \(name): \(urlCreated) \(urlConfig)") }
        return "http://127.0.0.1:\(port)/_aws/lambda-url/\(urlID)"
    }
}

extension JSONValue {
    /// An object of strings, in name order.
    static func strings(_ values: [String: String]) -> JSONValue {
        .object(JSONObject(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    /// The string members of an object.
    var strings: [String: String]? {
        objectValue.map { object in
            Dictionary(object.members.compactMap { member in member.value.stringValue.map { (member.name, $0) } }) {
                a, _ in a
            }
        }
    }
}
