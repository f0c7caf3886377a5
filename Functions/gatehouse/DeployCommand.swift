import ArgumentParser
import FoundationEssentials
import GatehouseCore
import GatehouseDeploy

/// `gatehouse deploy`: the deployment files, rendered from the route catalog.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy", abstract: "Render deployment files from the route catalog.",
        subcommands: [Render.self, Functions.self])

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the files of a deployment target (or all of them).",
            discussion: """
                Targets: \(DeploymentTarget.allCases.map(\.rawValue).joined(separator: ", ")), all. \
                Without --out a target of one file is printed; with --out DIR each file is written to DIR/<its \
                path in the repository> (run `gatehouse deploy render all --out .` at the repository root to \
                regenerate every committed file). Nothing is written when the catalog is inconsistent.
                """)

        @Argument(help: "lighttpd, apache, nginx, sam, kubernetes, knative, openfaas, container, nginx-auth or all.")
        var target: String
        @Option(help: "Write the files under this folder (e.g. the repository root).") var out: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard target == "all" || DeploymentTarget(rawValue: target) != nil else {
                throw ValidationError(
                    "unknown deployment target '\(target)'; one of "
                        + (DeploymentTarget.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
            }
        }

        func run() throws {
            let files = try rendered()
            guard let out else {
                guard files.count == 1 else {
                    throw ValidationError(
                        "\(target) renders \(files.count) files (\(files.map(\.path).joined(separator: ", "))); "
                            + "give --out DIR (the repository root to update the committed files)")
                }
                output.emit(["path": .string(files[0].path), "text": .string(files[0].text)], text: files[0].text, terminator: "")
                return
            }
            var written: [JSONValue] = []
            for file in files {
                let path = out + "/" + file.path
                let folder = String(path[..<path.lastIndex(of: "/")!])
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try Data(file.text.utf8).write(to: URL(filePath: path))
                } catch {
                    throw CommandFailure(message: "cannot write \(path): \(error)")
                }
                written.append(.string(path))
            }
            let paths = written.compactMap(\.stringValue).joined(separator: "\n")
            output.emit(.array(written), text: paths)
        }

        /// Every file of the target, or a failure naming what is wrong (before anything is written).
        func rendered() throws -> [RenderedFile] {
            do {
                if target == "all" { return try DeploymentRenderer.renderAll() }
                return try DeploymentRenderer.render(DeploymentTarget(rawValue: target)!)
            } catch {
                throw CommandFailure(message: "the route catalog cannot be rendered: \(error)")
            }
        }
    }

    struct Functions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the function executables the catalog describes, one a line (for build scripts).")
        @OptionGroup var output: OutputOptions

        func run() {
            let names = DeploymentCatalog.current.functionNames.map(\.rawValue)
            output.emit(.array(names.map(JSONValue.string)), text: names.joined(separator: "\n"))
        }
    }
}
