/// The fields of a console form as the browser posted them.
struct ConsoleForm {
    let items: [(name: String, value: String)]

    init(_ items: [(name: String, value: String)]) { self.items = items }

    /// The first value of a field; nil when it is absent or empty.
    func value(_ name: String) -> String? {
        items.first { $0.name == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every value of a repeated field (checkboxes), empty ones left out.
    func values(_ name: String) -> [String] { items.filter { $0.name == name && !$0.value.isEmpty }.map(\.value) }

    /// Whether a checkbox was ticked.
    func isChecked(_ name: String) -> Bool { value(name) != nil }
}
