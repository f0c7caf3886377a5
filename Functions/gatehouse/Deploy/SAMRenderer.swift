public import GatehouseCore

/// `infra/lambda/template.yaml`: every function as an AWS Lambda custom runtime behind one HTTP API,
/// one event per catalog route, each given exactly its settings: secrets as Secrets Manager dynamic
/// references, the rest as parameters.
enum SAMRenderer {
    /// The parameter naming the Secrets Manager secret that holds every secret as a JSON key.
    static let secretParameter = "SecretArn"

    static func render(_ catalog: DeploymentCatalog) -> RenderedFile {
        let secretKeys = catalog.deployedSecrets.map(\.secretKey).joined(separator: ", ")
        let parameters = catalog.deployedVariables.filter { !$0.isSecret }.flatMap { variable in
            [
                "  \(variable.parameterName):",
                "    Type: String",
                "    Default: \(quoted(variable.example ?? ""))",
                "    Description: \(quoted("\(variable.name): \(variable.summary)"))",
            ]
        }
        let functions = catalog.functions.flatMap { function($0, catalog) }
        let lines = Text.join(
            [
                "# AWS SAM template: the Gatehouse functions as AWS Lambda custom runtimes (provided.al2023) behind",
                "# an API Gateway HTTP API (payload format 2.0), one event per route of the catalog.",
                "# Rendered from the route catalog by `gatehouse deploy render sam`: do not edit; change the catalog",
                "# (Core/Gatehouse/Catalog) and render again.",
                "#",
                "#   infra/lambda/build                          # build/lambda/<function>.zip for every function",
                "#   aws secretsmanager create-secret --name gatehouse --secret-string file://secrets.json",
                "#   sam deploy --template-file infra/lambda/template.yaml --stack-name gatehouse --guided",
                "#",
                "# Each function is given exactly the settings it reads. No secret is a template parameter: each is a",
            "# key of one Secrets Manager JSON secret (SecretArn) that CloudFormation resolves at deploy time",
            "# ({{resolve:secretsmanager:…}}); the keys: \(secretKeys).",
            "# Redis must be reachable from the functions: ElastiCache/MemoryDB (or any Redis) in the VPC given by",
            "# SubnetIds and SecurityGroupIds.",
            #"AWSTemplateFormatVersion: "2010-09-09""#,
                "Transform: AWS::Serverless-2016-10-31",
                "Description: Gatehouse API authentication functions (Swift custom runtime)",
                "",
                "Parameters:",
            ], parameters,
            [
                "  \(secretParameter):",
                "    Type: String",
                "    Description: "
                + quoted("ARN or name of the Secrets Manager secret holding the JSON keys \(secretKeys)"),
                "  SubnetIds:",
                "    Type: List<AWS::EC2::Subnet::Id>",
                "    Description: private subnets that reach Redis",
                "  SecurityGroupIds:",
                "    Type: List<AWS::EC2::SecurityGroup::Id>",
                "    Description: security groups allowed to reach Redis",
                "",
                "Globals:",
                "  Function:",
                "    Runtime: provided.al2023",
                "    Handler: bootstrap",
                "    Architectures: [x86_64]",
                "    MemorySize: 256",
                "    # Requests are short; Redis calls time out at 500 ms and then fail closed (503).",
                "    Timeout: 5",
                "    VpcConfig:",
                "      SubnetIds: !Ref SubnetIds",
                "      SecurityGroupIds: !Ref SecurityGroupIds",
                "",
                "Resources:",
                "  Api:",
                "    Type: AWS::Serverless::HttpApi",
            ], functions,
            [
                "",
                "Outputs:",
                "  ApiURL:",
                "    Description: every route, under one HTTP API",
                #"    Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com""#,
            ])
        return RenderedFile(path: "infra/lambda/template.yaml", text: lines)
    }

    /// The logical id of a function's resource: `Signin`.
    static func logicalID(_ name: FunctionName) -> String {
        name.rawValue.prefix(1).uppercased() + name.rawValue.dropFirst()
    }

    static func function(_ function: DeployedFunction, _ catalog: DeploymentCatalog) -> [String] {
        let variables = function.deployedVariables.map { variable in
            variable.isSecret
                ? "          \(variable.name): !Sub \"{{resolve:secretsmanager:${\(secretParameter)}:SecretString:"
                    + "\(variable.secretKey)}}\""
                : "          \(variable.name): !Ref \(variable.parameterName)"
        }
        let events = catalog.routes(of: function.name).flatMap { route in
            [
                "        \(route.operation.rawValue.prefix(1).uppercased() + route.operation.rawValue.dropFirst()):",
                "          Type: HttpApi",
                "          Properties: { ApiId: !Ref Api, Method: \(route.method), Path: \(quoted(route.pattern)), "
                    + #"PayloadFormatVersion: "2.0" }"#,
            ]
        }
        return [
            "",
            "  \(logicalID(function.name)):",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            "      Description: \(quoted("\(function.name.rawValue): \(function.summary)"))",
            "      CodeUri: ../../build/lambda/\(function.name.rawValue).zip",
            "      Environment:",
            "        Variables:",
        ] + variables + ["      Events:"] + events
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
