/// Why a console form was refused, shown next to the field it is about: a field of the create
/// form, or the action of one row (`rowID`).
struct ConsoleProblem: Equatable {
    let field: String
    let rowID: String?
    let message: String
    let status: Int

    init(field: String, rowID: String? = nil, message: String, status: Int = 422) {
        self.field = field
        self.rowID = rowID
        self.message = message
        self.status = status
    }

    /// The problem of an API refusal: the field it names (`details.field`; a missing scope is the
    /// problem of `scopesField` when the form has one), else `fallback`.
    init(_ error: GatehouseError, fallback: String, rowID: String? = nil, scopesField: String? = "scopes") {
        var field = error.details?["field"]?.stringValue ?? fallback
        var message = error.message
        if let scope = error.details?["missing_scope"]?.stringValue, let scopesField {
            field = scopesField
            message = "You do not hold \(scope), so a key cannot have it."
        }
        if field == "expires_in_days" { field = "duration" }
        if field == "expires_at" { field = "expires_on" }
        self.init(field: rowID == nil ? field : fallback, rowID: rowID, message: message, status: error.status)
    }

    /// The problem paragraph if it is about `field` (of `rowID`), with the id inputs refer to.
    func html(field: String, rowID: String? = nil) -> String {
        guard field == self.field, rowID == self.rowID else { return "" }
        return HTMLPage.problem(message, id: Self.id(field: field, rowID: rowID))
    }

    /// The `aria-describedby` attribute of an input when the problem is about it.
    static func describedBy(_ problem: ConsoleProblem?, field: String, rowID: String? = nil) -> String {
        guard let problem, problem.field == field, problem.rowID == rowID else { return "" }
        return " aria-describedby=\"\(id(field: field, rowID: rowID))\" aria-invalid=\"true\""
    }

    static func id(field: String, rowID: String?) -> String {
        (rowID.map { $0 + "-" } ?? "") + field + "-problem"
    }
}
