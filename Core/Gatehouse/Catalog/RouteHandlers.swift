/// The handlers a function serves its catalog operations with, written as a dictionary literal
/// (`[.jwks: jwks, …]`). Kept as a short list rather than a `Dictionary`: building a dictionary
/// keyed by ``Operation`` makes the Swift runtime instantiate its metadata and search the whole
/// binary for the `Hashable` conformance at start-up, which every CGI request would pay.
public struct RouteHandlers: Sendable, ExpressibleByDictionaryLiteral {
    /// The operations and their handlers, in the order written.
    public private(set) var entries: [(operation: Operation, handler: RouteHandler)]

    /// Handlers from a literal.
    public init(dictionaryLiteral elements: (Operation, RouteHandler)...) {
        entries = elements.map { (operation: $0.0, handler: $0.1) }
    }

    /// The handler of an operation, if there is one.
    public subscript(operation: Operation) -> RouteHandler? {
        entries.first { $0.operation == operation }?.handler
    }

    /// The operations that have a handler.
    public var operations: [Operation] { entries.map(\.operation) }

    /// These handlers and those of `other` for operations not handled here.
    public func merging(_ other: RouteHandlers) -> RouteHandlers {
        var merged = self
        for entry in other.entries where self[entry.operation] == nil { merged.entries.append(entry) }
        return merged
    }
}
