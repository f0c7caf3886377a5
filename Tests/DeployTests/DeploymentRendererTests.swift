import Foundation
import GatehouseCore
import GatehouseDeploy
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A concrete path for a route: each `{parameter}` filled with a sample value.
func samplePath(_ route: RouteDescription) -> String {
    route.pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
        segment.hasPrefix("{") && segment.hasSuffix("}") ? "sample-\(segment.dropFirst().dropLast())" : String(segment)
    }.joined(separator: "/")
}

@Suite("Deployment files rendered from the route catalog")
struct DeploymentRendererTests {
    @Test("every committed deployment file is exactly its rendering", arguments: DeploymentTarget.allCases)
    func committedFilesAreRenderings(target: DeploymentTarget) throws {
        let files = try DeploymentRenderer.render(target)
        #expect(files.map(\.path) == target.paths)
        for file in files {
            let committed = try? String(contentsOf: repositoryRoot.appendingPathComponent(file.path), encoding: .utf8)
            let command = "gatehouse deploy render \(target.rawValue) --out ."
            #expect(
                committed == file.text,
                "\(file.path) differs from its rendering: run `\(command)` at the repository root")
        }
    }

    @Test("a route whose owner the catalog does not describe is refused, naming the route and the function")
    func unknownOwner() {
        let catalog = DeploymentCatalog(
            routes: RouteCatalog.routes,
            functions: RouteCatalog.functions.filter { $0.name != .proof }.map(DeployedFunction.init))
        #expect(throws: DeploymentError.self) { try DeploymentRenderer.render(.lighttpd, catalog: catalog) }
        do {
            _ = try DeploymentRenderer.renderAll(catalog: catalog)
        } catch {
            #expect(error.description.contains("GET /v1/proof"), "\(error)")
            #expect(error.description.contains("function proof"), "\(error)")
        }
    }

    @Test("a function requiring a setting no deployment file gives it is refused, naming both")
    func unmetRequiredSetting() {
        let unmet = SettingVariable("GATEHOUSE_NEEDED_KEY", secret: true, required: true, "a required secret")
        let functions = RouteCatalog.functions.map { description in
            var function = DeployedFunction(description)
            if function.name == .verify {
                function = DeployedFunction(
                    name: function.name, summary: function.summary, variables: function.variables + [unmet])
            }
            return function
        }
        let catalog = DeploymentCatalog(routes: RouteCatalog.routes, functions: functions)
        for target in DeploymentTarget.allCases {
            #expect(throws: DeploymentError.self) { try DeploymentRenderer.render(target, catalog: catalog) }
        }
        do {
            _ = try DeploymentRenderer.render(.sam, catalog: catalog)
        } catch {
            #expect(error.description.contains("verify") && error.description.contains("GATEHOUSE_NEEDED_KEY"))
        }
    }

    @Test("a deployed setting without an example value is refused, naming it")
    func deployedWithoutValue() {
        let bare = SettingVariable("GATEHOUSE_SOMETHING", deployed: true, "no example")
        let functions = RouteCatalog.functions.map(DeployedFunction.init).map { function in
            DeployedFunction(name: function.name, summary: function.summary, variables: function.variables + [bare])
        }
        do {
            _ = try DeploymentRenderer.render(
                .kubernetes, catalog: .init(routes: RouteCatalog.routes, functions: functions))
            Issue.record("rendered a setting without a value")
        } catch {
            #expect(error.description.contains("GATEHOUSE_SOMETHING"))
        }
    }

    @Test("every required setting of the catalog is deployed")
    func requiredSettingsAreDeployed() {
        for variable in SettingGroup.allCases.flatMap(\.variables) where variable.isRequired {
            #expect(variable.isDeployed, "\(variable.name)")
        }
    }
}
