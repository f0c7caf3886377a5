public import GatehouseCore

/// One function as deployment files see it: its name, what it does, and every variable it reads.
public struct DeployedFunction: Sendable {
    /// The executable.
    public let name: FunctionName
    /// What it does, in one line.
    public let summary: String
    /// Every variable of the setting groups it reads.
    public let variables: [SettingVariable]

    /// A function with these variables.
    public init(name: FunctionName, summary: String, variables: [SettingVariable]) {
        self.name = name
        self.summary = summary
        self.variables = variables
    }

    /// A function as the route catalog describes it.
    public init(_ description: FunctionDescription) {
        self.init(
            name: description.name, summary: description.summary,
            variables: description.settings.flatMap(\.variables))
    }

    /// The variables every deployment gives it, in catalog order.
    public var deployedVariables: [SettingVariable] { variables.filter(\.isDeployed) }
}
