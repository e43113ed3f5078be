//! Post addresses: one verdict on whether a pasted link is a post on Instagram or Facebook.
