import Foundation
import GatehouseCore
import GatehouseDeploy
import Testing

/// The web servers' path maps, checked as regular expressions against every route of the catalog.
@Suite("CGI path maps: one anchored rule per route pattern")
struct PathMapTests {
    /// `(regex, function)` of each rule of a rendered file, found with `rule`.
    static func rules(_ target: DeploymentTarget, _ rule: String) throws -> [(NSRegularExpression, String)] {
        let text = try DeploymentRenderer.render(target)[0].text
        let finder = try NSRegularExpression(pattern: rule, options: [.anchorsMatchLines])
        return try finder.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let regex = String(text[Range(match.range(at: 1), in: text)!])
            let function = String(text[Range(match.range(at: 2), in: text)!])
            return (try NSRegularExpression(pattern: regex.replacingOccurrences(of: "\\\\", with: "\\")), function)
        }
    }

    static func owners(_ rules: [(NSRegularExpression, String)], _ path: String) -> [String] {
        rules.filter { $0.0.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }.map(\.1)
    }

    /// The function a path should reach: its owner, else the fallback.
    static func expectedOwner(_ path: String) -> String {
        (RouteCatalog.owner(ofPath: path) ?? DeploymentCatalog.current.fallbackFunction).rawValue
    }

    @Test("lighttpd: every route's path, with or without a query string, reaches its owner first")
    func lighttpd() throws {
        let rules = try Self.rules(.lighttpd, #"^\s+"(\^\(/.*\)\$)"\s+=> "/fn/([a-z]+)\$1",$"#)
        #expect(rules.count == Set(RouteCatalog.routes.map(\.pattern)).count + 1)
        for route in RouteCatalog.routes {
            for path in [samplePath(route), samplePath(route) + "?a=b"] {
                #expect(Self.owners(rules, path).first == route.function.rawValue, "\(path)")
            }
            let longer = samplePath(route) + "/more"
            #expect(Self.owners(rules, longer).first == Self.expectedOwner(longer), "\(longer)")
        }
    }

    @Test("Apache: every route's path reaches exactly its owner; longer paths do not")
    func apache() throws {
        let rules = try Self.rules(.apache, #"^ScriptAliasMatch "(\^/\(.*\)\$)" "@BIN@/([a-z]+)/\$1"$"#)
        for route in RouteCatalog.routes {
            // The last rule catches everything else.
            #expect(Self.owners(rules, samplePath(route)).dropLast() == [route.function.rawValue], "\(route.pattern)")
            #expect(Self.owners(rules, "/x" + samplePath(route)) == [Self.expectedOwner("/x")])
        }
    }

    @Test("nginx: every route's path maps to exactly its owner")
    func nginx() throws {
        let rules = try Self.rules(.nginx, #"^\s+"~(\^/.*\$)" ([a-z]+);$"#)
        #expect(rules.count == Set(RouteCatalog.routes.map(\.pattern)).count)
        for route in RouteCatalog.routes {
            #expect(Self.owners(rules, samplePath(route)) == [route.function.rawValue], "\(route.pattern)")
            let longer = samplePath(route) + "/more"
            #expect(Self.owners(rules, longer) == (RouteCatalog.owner(ofPath: longer).map { [$0.rawValue] } ?? []))
        }
    }

    @Test("each function is given exactly its deployed settings, secrets as *_FILE", arguments: FunctionName.allCases)
    func settingsPerFunction(function: FunctionName) throws {
        let expected = RouteCatalog.function(function).deployedVariables.map(\.deployedName)
        let apache = try DeploymentRenderer.render(.apache)[0].text
        let block = try #require(apache.components(separatedBy: "<Files \"\(function.rawValue)\">").dropFirst().first)
        let names = block.components(separatedBy: "</Files>")[0].split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropFirst().first.map(String.init)
        }
        #expect(names == expected)
        let nginx = try DeploymentRenderer.render(.nginx)[0].text
        for variable in DeploymentCatalog.current.deployedVariables {
            let map = nginx.components(separatedBy: "map $function $gatehouse_").first {
                $0.hasPrefix(variable.deployedName.dropFirst("GATEHOUSE_".count).lowercased() + " ")
            }
            let listed = try #require(map).contains("        \(function.rawValue) \"")
            #expect(listed == expected.contains(variable.deployedName), "\(variable.name)")
        }
    }
}
