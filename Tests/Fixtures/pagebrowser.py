"""What the browser tests share (oauth-browser.py, console-browser.py): Debian's chromium driven by
Selenium through Debian's chromedriver (never a downloaded one), screenshots at phone (375 px) and
desktop width, and the OTP code read from the test delivery receiver's log."""
import json, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

SIZES = {"phone": (375, 812), "desktop": (1280, 860)}


def browser(javascript=True):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def shoot(driver, directory, name):
    if not directory:
        return
    for size, (width, height) in SIZES.items():
        driver.set_window_size(width, height)
        time.sleep(0.2)
        driver.save_screenshot(f"{directory}/{name}-{size}.png")
    driver.set_window_size(*SIZES["desktop"])


def code_for(log, phone, deadline=10):
    stop = time.time() + deadline
    while time.time() < stop:
        with open(log) as lines:
            for line in reversed(lines.readlines()):
                body = json.loads(json.loads(line)["body"])
                if body.get("phone") == phone:
                    return body["code"]
        time.sleep(0.1)
    raise SystemExit("no code delivered to the number")


def sign_in(driver, wait, phone, receiver_log, screenshots, names=("sign-in", "code")):
    """On a page showing the phone form: types the number, then the texted code, shooting both forms."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as conditions

    wait.until(conditions.presence_of_element_located((By.ID, "phone")))
    shoot(driver, screenshots, names[0])
    driver.find_element(By.ID, "phone").send_keys(phone)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(conditions.presence_of_element_located((By.ID, "code")))
    shoot(driver, screenshots, names[1])
    driver.find_element(By.ID, "code").send_keys(code_for(receiver_log, phone))
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
