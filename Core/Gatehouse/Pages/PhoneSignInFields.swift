/// The labelled inputs of the two sign-in forms (``PhoneSignIn``), shared by the authorization
/// pages and the console; a problem is tied to its input by `aria-describedby`.
enum PhoneSignInFields {
    /// The phone number input with its hint.
    static func phone(problem: String?) -> String {
        "<label for=\"phone\">Phone number</label>"
            + "<input id=\"phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\" inputmode=\"tel\" required "
            + "autofocus aria-describedby=\"phone-hint\(problem == nil ? "" : " phone-problem")\" "
            + "placeholder=\"+1 555 123 4567\">"
            + "<p id=\"phone-hint\" class=\"hint\">Include the country code if you are outside the US.</p>"
    }

    /// The code input with its hint.
    static func code(problem: String?) -> String {
        "<label for=\"code\">6-digit code</label>"
            + "<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" "
            + "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required autofocus "
            + "aria-describedby=\"code-hint\(problem == nil ? "" : " code-problem")\">"
            + "<p id=\"code-hint\" class=\"hint\">The code is in the text message we sent.</p>"
    }

    /// What the code form says first.
    static func codeIntroduction(lifetimeMinutes: Int) -> String {
        "<h1>Enter your code</h1>"
            + "<p class=\"muted\">If this number has an account, we texted it a 6-digit code. "
            + "It works for \(lifetimeMinutes) minutes.</p>"
    }
}
