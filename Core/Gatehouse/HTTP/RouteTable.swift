/// The routes one executable (or the local server) answers.
public struct RouteTable: Sendable {
    /// The routes, tried in order.
    public let routes: [Route]

    /// A table of these routes.
    public init(_ routes: [Route]) { self.routes = routes }

    /// The routes ``RouteCatalog`` gives these functions, each served by its operation's handler.
    /// A catalog route without a handler is a build mistake and stops the process with its name
    /// (a test builds every function's table).
    public init(functions: [FunctionName], handlers: RouteHandlers) {
        let described = FunctionName.allCases.filter(functions.contains).flatMap(RouteCatalog.routes(of:))
        self.routes = described.map { description in
            guard let handler = handlers[description.operation] else {
                fatalError("no handler for \(description.operation.rawValue) (\(description.method) \(description.pattern))")
            }
            return Route(description, handler: handler)
        }
    }

    /// A table holding the routes of several tables.
    public init(merging tables: [RouteTable]) { self.routes = tables.flatMap(\.routes) }

    /// What the table says about a method and path.
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// The methods of the routes at a path that any origin may call (``Route/cors``); empty when none.
    public func crossOriginMethods(path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var methods: [String] = []
        for route in routes where route.cors && route.match(pathSegments: parts) != nil {
            if !methods.contains(route.method) { methods.append(route.method) }
        }
        return methods
    }

    /// Finds the route for a request.
    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.match(pathSegments: parts) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters: parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }
}
