import { useLayoutEffect, useRef } from 'react'

/** How close to the end still counts as "following" the log. */
const FOLLOW_SLACK_PX = 24

/** The task's recent log; follows new lines unless the user has scrolled up to read. */
export function LogView({ lines, total }: { lines: string[]; total: number }) {
  const ref = useRef<HTMLPreElement>(null)
  const following = useRef(true)

  useLayoutEffect(() => {
    const el = ref.current
    if (el !== null && following.current) el.scrollTop = el.scrollHeight
  }, [lines])

  return (
    <div className="log-view">
      {total > lines.length && (
        <p className="muted">
          Showing the last {lines.length} of {total} lines.
        </p>
      )}
      <pre
        ref={ref}
        className="log"
        data-testid="task-log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK_PX
        }}
      >
        {lines.join('\n')}
      </pre>
    </div>
  )
}
