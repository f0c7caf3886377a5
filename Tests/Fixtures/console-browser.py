"""Drives Debian's chromium through the console with Selenium (no driver download): signs in by
phone OTP, creates an API key and uses it with curl, reloads (the plaintext is gone), rotates it
with a grace period, revokes it, regenerates the secondary slot while the primary keeps working,
reads the audit page, creates an agent; then signs in as a viewer, who sees no create button and whose forged POST
is refused; clicks the copy button of a once-shown key and reads the clipboard; signs in as a platform
administrator, who sees the tenant list and no tenant's pages; and, with JavaScript off, signs in as a workspace
admin and creates a key (the page works; the secret sits in its read-only field, no copy button). Prints what it
saw as JSON. With --screenshots DIR, saves each page at phone (375 px) and desktop width
(console-<page>-<phone|desktop>.png).

    python3 console-browser.py --base URL --owner-phone +1555… --viewer-phone +1555… \
        --admin-phone +1555… --nojs-phone +1555… --tenant ID --receiver-log FILE [--screenshots DIR]
"""
import argparse, json, subprocess, urllib.error, urllib.parse, urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from pagebrowser import SIZES, browser, shoot, sign_in


def curl_status(base, key):
    """The status curl gets from the verify route with the key as a bearer credential."""
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"Authorization: Bearer {key}",
         base + "/v1/verify"], capture_output=True, text=True, timeout=20)
    return int(out.stdout or "0")


def revealed(driver):
    found = driver.find_elements(By.ID, "revealed-secret")
    return found[0].get_attribute("value") if found else None


def row_of(driver, prefix):
    return driver.find_element(By.XPATH, f"//tr[.//code[starts-with(., '{prefix}')]]")


def copy_key(driver, wait, base, key, seen):
    """Clicks the copy button of the once-shown key; what the clipboard then holds is read back
    through the Clipboard API, with the permission granted to the page's origin."""
    button = driver.find_element(By.CSS_SELECTOR, "button[data-copy='revealed-secret']")
    seen["copy_button_shown"] = button.is_displayed()
    button.click()
    wait.until(lambda _: button.text in ("Copied", "Press Ctrl+C"))
    seen["copy_button_text"] = button.text
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    pasted = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, function (error) { done('error: ' + error); });")
    seen["clipboard_holds_key"] = pasted == key
    seen["clipboard_problem"] = pasted if pasted.startswith("error") else None
    seen["selection"] = driver.execute_script(
        "var f = document.getElementById('revealed-secret');"
        "return f.selectionEnd - f.selectionStart === f.value.length && document.activeElement === f;")


def administrator(driver, wait, args, shots, seen):
    """A platform administrator signs in: the tenant list, and no tenant's pages."""
    driver.get(args.base + "/console/signin")
    sign_in(driver, wait, args.admin_phone, args.receiver_log, None)
    wait.until(lambda _: not driver.current_url.endswith("/console/signin"))
    wait.until(conditions.presence_of_element_located((By.TAG_NAME, "h1")))
    seen["admin_url"] = driver.current_url
    seen["admin_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    seen["admin_nav"] = [link.text for link in driver.find_elements(By.CSS_SELECTOR, "nav a")]
    shoot(driver, shots, "console-tenants")
    # Newest first: this run's tenant is on the first page unless other tests made tenants since;
    # "More tenants" leads on (a bounded walk, by keyboard: the link is focused and Enter pressed).
    listed, pages = False, 0
    while pages < 200:
        pages += 1
        if driver.find_elements(By.XPATH, f"//table//code[text()='{args.tenant}']"):
            listed = True
            break
        more = driver.find_elements(By.XPATH, "//a[starts-with(@href, '/console/tenants?cursor=')]")
        if not more:
            break
        more[0].send_keys(Keys.ENTER)
        wait.until(conditions.staleness_of(more[0]))
    seen["admin_tenant_listed"] = listed
    driver.get(args.base + "/console/keys")
    seen["admin_keys_heading"] = driver.find_element(By.TAG_NAME, "h1").text
    driver.get(args.base + "/console/tenants")
    driver.find_element(By.XPATH, "//nav//button[text()='Sign out']").click()
    wait.until(conditions.presence_of_element_located((By.ID, "phone")))
    seen["admin_signed_out_url"] = driver.current_url


def without_javascript(args, seen):
    """With JavaScript off: sign in, create a key; the secret is in its read-only field and no copy
    button shows."""
    driver = browser(javascript=False)
    wait = WebDriverWait(driver, 20)
    try:
        driver.set_window_size(*SIZES["desktop"])
        driver.get(args.base + "/console/signin")
        sign_in(driver, wait, args.nojs_phone, args.receiver_log, None)
        wait.until(conditions.presence_of_element_located((By.ID, "create-key")))
        driver.find_element(By.ID, "name").send_keys("No-script key")
        driver.find_element(By.CSS_SELECTOR, "input[name=scopes][value='data:read']").click()
        driver.find_element(By.ID, "create-key").click()
        wait.until(conditions.presence_of_element_located((By.ID, "revealed-secret")))
        field = driver.find_element(By.ID, "revealed-secret")
        key = field.get_attribute("value")
        seen["nojs_readonly"] = field.get_attribute("readonly") is not None
        seen["nojs_copy_button_shown"] = driver.find_element(
            By.CSS_SELECTOR, "button[data-copy='revealed-secret']").is_displayed()
        seen["nojs_curl_created"] = curl_status(args.base, key)
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    for name in ["base", "owner-phone", "viewer-phone", "admin-phone", "nojs-phone", "tenant", "receiver-log"]:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    shots, base = args.screenshots, args.base
    seen = {}

    driver = browser()
    wait = WebDriverWait(driver, 20)
    try:
        driver.set_window_size(*SIZES["desktop"])
        driver.get(base + "/console/keys")
        seen["unsigned_url"] = driver.current_url
        sign_in(driver, wait, args.owner_phone, args.receiver_log, shots, ("console-sign-in", "console-code"))
        wait.until(conditions.presence_of_element_located((By.ID, "create-key")))
        seen["signed_in_url"] = driver.current_url

        driver.find_element(By.ID, "name").send_keys("Browser key")
        for scope in ["data:read", "keys:read"]:
            driver.find_element(By.CSS_SELECTOR, f"input[name=scopes][value='{scope}']").click()
        Select(driver.find_element(By.ID, "duration")).select_by_value("90")
        driver.find_element(By.ID, "create-key").click()
        wait.until(conditions.presence_of_element_located((By.ID, "revealed-secret")))
        key = revealed(driver)
        seen["created_url"] = driver.current_url
        seen["key_prefix"] = key[:14]
        seen["curl_created"] = curl_status(base, key)
        shoot(driver, shots, "console-key-created")
        copy_key(driver, wait, base, key, seen)
        driver.refresh()
        wait.until(conditions.presence_of_element_located((By.ID, "create-key")))
        seen["after_reload_revealed"] = revealed(driver) is not None
        seen["after_reload_has_key"] = key in driver.page_source

        row = row_of(driver, key[:14])
        Select(row.find_element(By.NAME, "grace_period_hours")).select_by_value("24")
        row.find_element(By.XPATH, ".//button[text()='Rotate']").click()
        wait.until(conditions.presence_of_element_located((By.ID, "revealed-secret")))
        rotated = revealed(driver)
        seen["curl_rotated_new"] = curl_status(base, rotated)
        seen["curl_rotated_old"] = curl_status(base, key)

        driver.get(base + "/console/keys")
        shoot(driver, shots, "console-keys")
        row = row_of(driver, key[:14])
        row.find_element(By.NAME, "confirm").click()
        row.find_element(By.XPATH, ".//button[text()='Revoke']").click()
        wait.until(conditions.staleness_of(row))
        wait.until(conditions.presence_of_element_located((By.ID, "create-key")))
        seen["curl_revoked"] = curl_status(base, key)
        seen["curl_rotated_after_revoke"] = curl_status(base, rotated)

        slots = {}
        for slot in ["primary", "secondary", "secondary"]:
            driver.get(base + "/console/slots")
            form = driver.find_element(By.ID, f"regenerate-{slot}").find_element(By.XPATH, "./ancestor::form")
            form.find_element(By.NAME, "confirm").click()
            driver.find_element(By.ID, f"regenerate-{slot}").click()
            wait.until(conditions.presence_of_element_located((By.ID, "revealed-secret")))
            slots.setdefault(slot, []).append(revealed(driver))
        shoot(driver, shots, "console-slot-regenerated")
        driver.get(base + "/console/slots")
        shoot(driver, shots, "console-slots")
        seen["curl_primary"] = curl_status(base, slots["primary"][0])
        seen["curl_old_secondary"] = curl_status(base, slots["secondary"][0])
        seen["curl_new_secondary"] = curl_status(base, slots["secondary"][1])

        driver.get(base + "/console/audit")
        wait.until(conditions.presence_of_element_located((By.TAG_NAME, "table")))
        seen["audit"] = driver.find_element(By.TAG_NAME, "table").text
        shoot(driver, shots, "console-audit")

        driver.get(base + "/console/agents")
        driver.find_element(By.ID, "agent-name").send_keys("Nightly crawler")
        driver.find_element(By.ID, "create-agent").click()
        wait.until(conditions.presence_of_element_located((By.ID, "revealed-secret")))
        seen["agent_key_prefix"] = revealed(driver)[:8]
        shoot(driver, shots, "console-agents")
        driver.get(base + "/console/users")
        wait.until(conditions.presence_of_element_located((By.ID, "add-user")))
        shoot(driver, shots, "console-users")
        driver.get(base + "/console/oauth-clients")
        wait.until(conditions.presence_of_element_located((By.TAG_NAME, "h1")))
        shoot(driver, shots, "console-oauth-clients")

        driver.find_element(By.XPATH, "//nav//button[text()='Sign out']").click()
        wait.until(conditions.presence_of_element_located((By.ID, "phone")))
        seen["signed_out_url"] = driver.current_url

        sign_in(driver, wait, args.viewer_phone, args.receiver_log, None)
        wait.until(conditions.presence_of_element_located((By.TAG_NAME, "table")))
        seen["viewer_create_buttons"] = len(driver.find_elements(By.ID, "create-key"))
        shoot(driver, shots, "console-keys-viewer")
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        token = driver.find_element(By.CSS_SELECTOR, "nav form input[name=csrf_token]").get_attribute("value")
        forged = urllib.parse.urlencode([("csrf_token", token), ("name", "forged"), ("scopes", "data:read"),
                                         ("idempotency_key", "forged-1")]).encode()
        request = urllib.request.Request(base + "/console/keys", data=forged, method="POST", headers={
            "Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            seen["viewer_forged_status"] = urllib.request.urlopen(request, timeout=20).status
        except urllib.error.HTTPError as error:
            seen["viewer_forged_status"] = error.code
        driver.delete_all_cookies()
        administrator(driver, wait, args, shots, seen)
    finally:
        driver.quit()
    without_javascript(args, seen)
    print(json.dumps(seen))


main()
