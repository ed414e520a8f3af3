from bs4 import BeautifulSoup


def condition_items(conditions_html):
    """The separate conditions of an award (its paragraphs and list items),
    as plain text, for the applicant to tick one by one."""
    soup = BeautifulSoup(conditions_html or "", "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.find_all("li")]
    if not items:
        items = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "h2", "h3", "h4"])]
    return [item for item in items if item] or [soup.get_text(" ", strip=True)]
