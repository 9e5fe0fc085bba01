/** Previous / next links for a paged list; nothing when it fits on one page. */
export function Pager(props: { page: number; pages: number; href: (page: number) => string; label: string }) {
  const { page, pages, href, label } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      {page > 1 ? <a href={href(page - 1)}>← Previous</a> : <span aria-hidden="true"></span>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={href(page + 1)}>Next →</a> : <span aria-hidden="true"></span>}
    </nav>
  );
}
