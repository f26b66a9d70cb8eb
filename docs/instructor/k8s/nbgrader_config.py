"""nbgrader's exchange for the course in every single-user pod (Zero to JupyterHub, untested
here): the exchange is a ReadWriteMany volume mounted at /srv/nbgrader/exchange."""
from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821
c.Exchange.root = "/srv/nbgrader/exchange"
c.Exchange.path_includes_course = True
c.Authenticator.plugin_class = JupyterHubAuthPlugin
