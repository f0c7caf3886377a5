import GatehouseCore
import Testing

@Suite("Route catalog")
struct RouteCatalogTests {
    @Test("every scope a route requires is one the scope parser accepts, and reads back the same")
    func routeScopesAreValid() {
        var checked = 0
        for route in RouteCatalog.routes {
            guard case .principal(let scope?) = route.access else { continue }
            checked += 1
            #expect(Scope(scope.description) == scope, "\(route.method) \(route.pattern) requires \(scope), which does not parse")
            #expect(scope.resource.utf8.count <= 64 && scope.action.utf8.count <= 64 && !scope.resource.isEmpty && !scope.action.isEmpty)
        }
        #expect(checked >= 20, "only \(checked) routes require a scope")
    }

    @Test("every operation is in the catalog exactly once")
    func operationsAreUnique() {
        for operation in Operation.allCases {
            let count = RouteCatalog.routes.filter { $0.operation == operation }.count
            #expect(count == 1, "operation \(operation.rawValue) appears \(count) times in RouteCatalog.routes")
        }
    }

    @Test("every route's owner is a described function, and every function owns a route")
    func ownersAreDescribed() {
        let described = Set(RouteCatalog.functions.map(\.name))
        #expect(described == Set(FunctionName.allCases), "RouteCatalog.functions must describe every FunctionName")
        for function in FunctionName.allCases {
            #expect(!RouteCatalog.routes(of: function).isEmpty, "\(function.rawValue) owns no route")
            for route in RouteCatalog.routes(of: function) {
                #expect(
                    route.function == function,
                    "\(route.method) \(route.pattern) is listed with \(function.rawValue)'s routes but owned by \(route.function.rawValue)")
            }
            #expect(RouteCatalog.function(function).name == function)
        }
        #expect(RouteCatalog.functions.map(\.name) == FunctionName.allCases)
    }

    @Test("no path is owned by two functions, so a web server can route by path alone")
    func noPathHasTwoOwners() {
        for (index, route) in RouteCatalog.routes.enumerated() {
            for other in RouteCatalog.routes[(index + 1)...] where other.function != route.function {
                #expect(
                    !route.overlaps(other),
                    "\(route.pattern) (\(route.function.rawValue)) overlaps \(other.pattern) (\(other.function.rawValue))")
            }
        }
    }

    @Test("a method and pattern appear once")
    func methodAndPatternAreUnique() {
        var seen = Set<String>()
        for route in RouteCatalog.routes {
            let key = route.method + " " + route.pattern
            #expect(seen.insert(key).inserted, "\(key) is in the catalog twice")
        }
    }

    @Test("each function's handlers cover exactly its catalog routes", arguments: FunctionName.allCases)
    func handlersMatchCatalog(function: FunctionName) {
        let handlers = Set(FunctionCatalog.handlers(of: function).operations)
        let owned = Set(RouteCatalog.routes(of: function).map(\.operation))
        #expect(handlers == owned, "\(function.rawValue): handlers \(handlers.subtracting(owned)) not in the catalog, catalog operations \(owned.subtracting(handlers)) without a handler")
        let table = FunctionCatalog.table(of: function)
        #expect(table.routes.count == owned.count)
        #expect(table.routes.allSatisfy { $0.function == function.rawValue })
    }

    @Test("the owner of a concrete path is the function the route table dispatches it to")
    func ownerOfPath() {
        #expect(RouteCatalog.owner(ofPath: "/v1/agents/me/proof") == .proof)
        #expect(RouteCatalog.owner(ofPath: "/v1/agents/agt_1") == .keys)
        #expect(RouteCatalog.owner(ofPath: "/v1/agents/agt_1/rotate-keys") == .rotate)
        #expect(RouteCatalog.owner(ofPath: "/oauth/token") == .oauth)
        #expect(RouteCatalog.owner(ofPath: "/v1/acme/user/signin_with_api_key") == .signin)
        #expect(RouteCatalog.owner(ofPath: "/nowhere") == nil)
    }

    @Test("/oauth/token belongs to oauth for every grant")
    func tokenEndpointOwner() {
        let owners = Set(RouteCatalog.routes.filter { $0.pattern == "/oauth/token" }.map(\.function))
        #expect(owners == [.oauth])
    }
}
