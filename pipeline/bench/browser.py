"""Headless Chromium for the desk's e2e tests and its latency bench (Debian's package).

Browser downloads are impossible here, so this drives the system browser
through the system chromedriver. Missing either is a failure that says how
to install them, never a skip.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "apt-get update && apt-get install -y chromium chromium-driver"


def missing_browser() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing: the desk's browser tests need it ({INSTALL_HINT})"
    return None


def start_chromium(width: int = 1360, height: int = 900) -> tuple[webdriver.Chrome, Path]:
    """A fresh headless browser with its own profile; the caller quits it and removes the dir."""
    problem = missing_browser()
    if problem:
        raise RuntimeError(problem)
    profile = Path(tempfile.mkdtemp(prefix="desk-chromium-"))
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # no network chatter of its own on a closed network
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        opts.add_argument(arg)
    try:
        driver = webdriver.Chrome(options=opts, service=Service(str(CHROMEDRIVER)))
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    return driver, profile


def quit_chromium(driver: webdriver.Chrome, profile: Path) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
