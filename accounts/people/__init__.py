"""The People pages: a coordinator invites people to a project by e-mail, changes and removes roles; the
invited person accepts on a one-time link (README "Inviting people")."""
