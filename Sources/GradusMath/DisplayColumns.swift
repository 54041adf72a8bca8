import GradusText

/// The number of terminal columns a string takes, by the project's one East Asian Width table
/// (`GradusText`), so a display formula lines up with the prose around it, also on a terminal
/// that draws ambiguous characters two columns wide (`GRADUS_AMBIGUOUS_WIDE=1`).
func displayColumns(_ text: String) -> Int {
  DisplayWidth.standard.columns(text)
}
