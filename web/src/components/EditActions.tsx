// The 編集 / 複製 / 削除 buttons of an admin card (issue 14 item 8); each names its card for screen readers.
import { useI18n } from '../i18n';

export function EditActions({
  name,
  onEdit,
  onDuplicate,
  onDelete,
}: {
  /** What the card is called: read after the button's word ("編集: コミュニケーション"). */
  name: string;
  onEdit: () => void;
  onDuplicate: () => void;
  onDelete?: () => void;
}) {
  const { t } = useI18n();
  const button = (label: string, onClick: () => void, danger = false) => (
    <button type="button" className={danger ? 'secondary small danger-text' : 'secondary small'} onClick={onClick}>
      {label}
      <span className="sr-only">: {name}</span>
    </button>
  );
  return (
    <div className="actions edit-actions">
      {button(t('edit.edit'), onEdit)}
      {button(t('edit.duplicate'), onDuplicate)}
      {onDelete && button(t('edit.delete'), onDelete, true)}
    </div>
  );
}
