/** A section's own views as links under its heading, the current one marked (analytics, payments). */
export function SubNav({
  label,
  views,
  current,
}: {
  label: string;
  views: readonly (readonly [string, string, string])[];
  current: string;
}) {
  return (
    <nav class="subnav" aria-label={label}>
      {views.map(([name, href, text]) => (
        <a href={href} aria-current={name === current ? 'page' : undefined}>
          {text}
        </a>
      ))}
    </nav>
  );
}
