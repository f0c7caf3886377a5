import Foundation
import Testing

/// STYLE's "one type, one file": every top-level type of Core, the CLI and the server lives in a
/// file of its name (`Type.swift`; extensions may live in `Type+Feature.swift`).
@Suite("source layout: one top-level type per file, named after it")
struct SourceLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folders = ["Core/Gatehouse", "Functions/gatehouse", "Functions/gatehouse-server"]
    static let keywords: Set<Substring> = ["struct", "enum", "class", "protocol", "actor", "typealias"]

    /// The names of the types a file declares at top level (lines that start in column one).
    static func topLevelTypes(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, !first.isWhitespace else { return nil }
            var words = line.split(separator: " ")[...]
            while let first = words.first,
                first.hasPrefix("@") || ["public", "internal", "package", "fileprivate", "private", "final", "indirect"]
                    .contains(first)
            {
                words = words.dropFirst()
            }
            guard words.count >= 2, let keyword = words.first, keywords.contains(keyword) else { return nil }
            let name = words[words.startIndex + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        }
    }

    static func swiftFiles(under folder: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    @Test("the parser finds top-level declarations and ignores nested ones")
    func parser() {
        let text = "/// doc\npublic struct A: Sendable {\n    struct Nested {}\n}\n@usableFromInline enum B {}\nextension C {}\n"
        #expect(Self.topLevelTypes(in: text) == ["A", "B"])
    }

    @Test("every top-level type is in a file named after it", arguments: folders)
    func oneTypePerFile(folder: String) throws {
        let files = Self.swiftFiles(under: folder)
        #expect(files.count > 5, "no Swift files found under \(folder)")
        for file in files where file.lastPathComponent != "main.swift" {
            let base = file.deletingPathExtension().lastPathComponent.split(separator: "+").first.map(String.init) ?? ""
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in Self.topLevelTypes(in: text) where name != base {
                Issue.record("\(name) is declared in \(file.path.dropFirst(Self.root.path.count + 1)): move it to \(name).swift")
            }
        }
    }
}
