// Choosing one body among hundreds by typing: a text input with the bodies as suggestions
// (<datalist>), read back with findBody (an exact "Name (CODE)", a name, a code, or the one name
// that contains the text). Used where a <select> would be a list of every body.
import { bodyOptionLabel } from '../measure';

export function BodyPicker({
  id,
  label,
  labelClass,
  hint = 'Start typing a name or code',
  value,
  onInput,
  error,
  bodies,
  width = 'govuk-input--width-20',
}: {
  id: string;
  label: string;
  labelClass?: string;
  hint?: string;
  value: string;
  onInput: (text: string) => void;
  error?: string;
  bodies: { id: number; name: string; code: string }[];
  width?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={`govuk-label ${labelClass ?? ''}`} for={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        class={`govuk-input ${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        list={`${id}-options`}
        autocomplete="off"
        spellcheck={false}
        value={value}
        aria-describedby={describedBy}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <datalist id={`${id}-options`}>
        {bodies.map((b) => (
          <option value={bodyOptionLabel(b)} key={b.id} />
        ))}
      </datalist>
    </div>
  );
}
