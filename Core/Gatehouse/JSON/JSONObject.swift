/// An ordered JSON object with unique member names.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members in document order.
    public private(set) var members: [(name: String, value: JSONValue)]

    /// An empty object.
    public init() { members = [] }

    /// An object with these members; a later member with a name already present replaces it.
    public init(_ members: [(String, JSONValue)]) {
        self.members = []
        for (name, value) in members { self[name] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// An object from members whose names the caller has already checked are unique.
    init(uniqueMembers: [(name: String, value: JSONValue)]) {
        members = uniqueMembers
    }

    /// The value of a member, or nil; setting nil removes the member.
    public subscript(name: String) -> JSONValue? {
        get { members.first(where: { $0.name == name })?.value }
        set {
            if let index = members.firstIndex(where: { $0.name == name }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((name, newValue))
            }
        }
    }

    /// The member names in document order.
    public var names: [String] { members.map(\.name) }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
