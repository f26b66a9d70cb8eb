// sphinx-book-theme puts the course title (the link home) at the top of the primary
// sidebar, outside every landmark, so screen reader users who move by landmarks miss it
// (axe's "region" rule). The sidebar becomes the course's navigation landmark; its
// table of contents stays the "Main" navigation inside it.
document.addEventListener("DOMContentLoaded", () => {
  const sidebar = document.getElementById("pst-primary-sidebar");
  if (sidebar) {
    sidebar.setAttribute("role", "navigation");
    sidebar.setAttribute("aria-label", "Course");
  }
});
