public import GatehouseCore

/// The route catalog as deployment files read it: which function serves which path pattern, and
/// which variables each function is given. Renderers take it as a value (``current`` in use), so a
/// test can hand them an inconsistent catalog and see it refused.
public struct DeploymentCatalog: Sendable {
    /// Every route.
    public let routes: [RouteDescription]
    /// Every function, in the order deployment files list them.
    public let functions: [DeployedFunction]

    /// The catalog in Core (``RouteCatalog``).
    public static let current = DeploymentCatalog(
        routes: RouteCatalog.routes, functions: RouteCatalog.functions.map(DeployedFunction.init))

    /// A catalog of these routes and functions.
    public init(routes: [RouteDescription], functions: [DeployedFunction]) {
        self.routes = routes
        self.functions = functions
    }

    /// The function names, in catalog order.
    public var functionNames: [FunctionName] { functions.map(\.name) }

    /// Refuses a catalog that no deployment file could serve correctly: a route whose owner is not
    /// described, a required variable that deployments are not given, a deployed setting without a
    /// value to show, or a function owning no route.
    public func validate() throws(DeploymentError) {
        let described = Set(functionNames)
        for route in routes where !described.contains(route.function) {
            throw DeploymentError(
                "route \(route.method) \(route.pattern) (\(route.operation.rawValue)) belongs to function "
                    + "\(route.function.rawValue), which the catalog does not describe")
        }
        for function in functions {
            guard routes.contains(where: { $0.function == function.name }) else {
                throw DeploymentError("function \(function.name.rawValue) owns no route")
            }
            for variable in function.variables {
                if variable.isRequired && !variable.isDeployed {
                    throw DeploymentError(
                        "function \(function.name.rawValue) requires \(variable.name), which no deployment file "
                            + "gives it (the catalog does not mark it deployed)")
                }
                if variable.isDeployed && !variable.isSecret && variable.example == nil {
                    throw DeploymentError(
                        "function \(function.name.rawValue) is given \(variable.name), but the catalog has no "
                            + "example value for deployment files to show")
                }
            }
        }
    }

    /// The routes a function owns.
    public func routes(of function: FunctionName) -> [RouteDescription] {
        routes.filter { $0.function == function }
    }

    /// Each path pattern once, with the function serving it, in catalog order: a web server's path
    /// map (patterns never overlap across functions; the catalog's tests guarantee it).
    public var pathMap: [(pattern: String, function: FunctionName)] {
        var seen: Set<String> = []
        return routes.compactMap { route in
            seen.insert(route.pattern).inserted ? (route.pattern, route.function) : nil
        }
    }

    /// The variables a function is given.
    public func deployedVariables(of function: FunctionName) -> [SettingVariable] {
        functions.first { $0.name == function }?.deployedVariables ?? []
    }

    /// The variables any function is given, each once, in catalog order: what a process serving
    /// every function (`gatehouse-server`) is given.
    public var deployedVariables: [SettingVariable] {
        var seen: Set<String> = []
        return functions.flatMap(\.deployedVariables).filter { seen.insert($0.name).inserted }
    }

    /// The secrets any function is given, each once.
    public var deployedSecrets: [SettingVariable] { deployedVariables.filter(\.isSecret) }

    /// The function answering paths no route fits (with its 404 envelope).
    public var fallbackFunction: FunctionName { functions[0].name }
}
