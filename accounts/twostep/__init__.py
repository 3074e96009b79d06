"""Two-step login (README "Two-step login"): a code from an authenticator app after the password.

`policy` decides who needs it and checks codes, `middleware` keeps an unconfirmed session on the code
pages, `views` are the account, set-up and code pages. Built on django-otp's TOTP and static devices.
"""
