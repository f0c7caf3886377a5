/// One deployment file as a renderer produces it.
public struct RenderedFile: Sendable, Equatable {
    /// Where the file is committed, relative to the repository root (e.g. `infra/cgi/lighttpd.conf`).
    public let path: String
    /// Its whole text, ending with a newline.
    public let text: String

    /// A rendered file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text.hasSuffix("\n") ? text : text + "\n"
    }
}
